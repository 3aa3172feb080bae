import { fitWidth, type Size } from '../logic/geometry'

export interface CapturedFrame {
  bytes: Uint8Array
  width: number
  height: number
}

/**
 * Grabs the current video frame as JPEG bytes, downscaled to at most `maxWidth` pixels wide. The frame
 * is not mirrored: main sees what the camera sees. One canvas per grabber, reused for every frame.
 */
export class FrameGrabber {
  private canvas: OffscreenCanvas | null = null

  constructor(
    private readonly maxWidth: number,
    private readonly quality: number
  ) {}

  async grab(video: HTMLVideoElement): Promise<CapturedFrame | null> {
    const source: Size = { width: video.videoWidth, height: video.videoHeight }
    if (source.width === 0 || source.height === 0 || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return null
    const size = fitWidth(source, this.maxWidth)
    if (!this.canvas || this.canvas.width !== size.width || this.canvas.height !== size.height) {
      this.canvas = new OffscreenCanvas(size.width, size.height)
    }
    const context = this.canvas.getContext('2d', { alpha: false })
    if (!context) return null
    context.drawImage(video, 0, 0, size.width, size.height)
    const blob = await this.canvas.convertToBlob({ type: 'image/jpeg', quality: this.quality })
    return { bytes: new Uint8Array(await blob.arrayBuffer()), width: size.width, height: size.height }
  }
}
