import { UI_CONFIG } from '../logic/ui-config'

export type CameraPhase = 'starting' | 'live' | 'no-camera' | 'denied' | 'unplugged' | 'busy' | 'error'

const PREFERRED = { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: 'user' } as const

/**
 * The door camera: opens it (the chosen device, else any), watches for it going away, and retries on
 * its own. It also plays the stream in a detached <video> that frame grabbers draw from, so recognition
 * does not depend on which screen is showing.
 */
export class CameraState {
  phase = $state<CameraPhase>('starting')
  message = $state<string | null>(null)
  stream = $state.raw<MediaStream | null>(null)
  /** Size of the camera picture, once known. */
  videoWidth = $state(0)
  videoHeight = $state(0)
  /** A detached <video> playing the stream, for frame grabbing. */
  readonly source: HTMLVideoElement

  private deviceId: string | null = null
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private stopped = false
  private attempt = 0

  constructor() {
    this.source = document.createElement('video')
    this.source.muted = true
    this.source.playsInline = true
    this.source.addEventListener('loadedmetadata', () => {
      this.videoWidth = this.source.videoWidth
      this.videoHeight = this.source.videoHeight
    })
    this.source.addEventListener('resize', () => {
      this.videoWidth = this.source.videoWidth
      this.videoHeight = this.source.videoHeight
    })
    navigator.mediaDevices?.addEventListener?.('devicechange', () => {
      if (this.phase !== 'live' && !this.stopped) void this.start()
    })
  }

  /** Switches to another camera (null: the default one); restarts only when it changes. */
  useDevice(deviceId: string | null): void {
    if (deviceId === this.deviceId) return
    this.deviceId = deviceId
    if (!this.stopped) void this.start()
  }

  async start(): Promise<void> {
    this.stopped = false
    const attempt = ++this.attempt
    if (this.retryTimer) clearTimeout(this.retryTimer)
    if (this.phase !== 'live') this.phase = 'starting'
    if (!navigator.mediaDevices?.getUserMedia) return this.lost('no-camera', 'This browser offers no camera access.')
    try {
      const stream = await this.open()
      if (attempt !== this.attempt || this.stopped) {
        stream.getTracks().forEach((t) => t.stop())
        return
      }
      this.releaseStream()
      for (const track of stream.getVideoTracks()) {
        track.addEventListener('ended', () => {
          if (this.stream === stream) this.lost('unplugged', 'The camera was disconnected.')
        })
      }
      this.stream = stream
      this.source.srcObject = stream
      await this.source.play().catch(() => undefined)
      this.phase = 'live'
      this.message = null
    } catch (e) {
      if (attempt !== this.attempt) return
      const name = e instanceof DOMException ? e.name : ''
      const message = e instanceof Error ? e.message : 'The camera could not be opened.'
      if (name === 'NotAllowedError' || name === 'SecurityError') this.lost('denied', message)
      else if (name === 'NotFoundError' || name === 'OverconstrainedError') this.lost(this.phase === 'live' ? 'unplugged' : 'no-camera', message)
      else if (name === 'NotReadableError' || name === 'AbortError') this.lost('busy', message)
      else this.lost('error', message)
    }
  }

  /** The chosen camera when it is there, else whichever the browser picks. */
  private async open(): Promise<MediaStream> {
    if (this.deviceId) {
      try {
        return await navigator.mediaDevices.getUserMedia({ video: { ...PREFERRED, deviceId: { exact: this.deviceId } }, audio: false })
      } catch (e) {
        const name = e instanceof DOMException ? e.name : ''
        if (name !== 'NotFoundError' && name !== 'OverconstrainedError') throw e
      }
    }
    return navigator.mediaDevices.getUserMedia({ video: PREFERRED, audio: false })
  }

  private releaseStream(): void {
    this.stream?.getTracks().forEach((t) => t.stop())
    this.stream = null
    this.source.srcObject = null
  }

  private lost(phase: CameraPhase, message: string): void {
    this.releaseStream()
    this.phase = phase
    this.message = message
    if (this.stopped) return
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = setTimeout(() => void this.start(), UI_CONFIG.camera.retryMs)
  }

  stop(): void {
    this.stopped = true
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.releaseStream()
  }
}
