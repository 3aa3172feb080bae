import { open } from 'node:fs/promises'
import sharp, { type Sharp } from 'sharp'

/**
 * Turns still images into a Y4M clip for Chromium's fake camera
 * (--use-file-for-fake-video-capture=FILE.y4m), with sharp only: no ffmpeg needed.
 * Chromium loops the clip, so a scene of one repeated image is a person standing at the door.
 */
export interface Y4mScene {
  /** Image file path or encoded bytes; null for an empty doorway. */
  image: string | Uint8Array | null
  /** How many frames this scene lasts. */
  frames: number
  /** Height of the image inside the frame, as a fraction of the frame height. */
  scale?: number
}

export interface Y4mOptions {
  width?: number
  height?: number
  fps?: number
  background?: { r: number; g: number; b: number }
}

const DEFAULTS = { width: 640, height: 480, fps: 10, background: { r: 48, g: 52, b: 58 } }
const DEFAULT_SCALE = 0.7

/** The scene as raw RGB pixels of the frame size. */
async function renderScene(scene: Y4mScene, o: Required<Y4mOptions>): Promise<Buffer> {
  return (await renderDoorScene(scene.image, { ...o, scale: scene.scale ?? DEFAULT_SCALE })).raw().toBuffer()
}

/**
 * A door-camera view: the image centred on a plain background, `scale` of the frame height.
 * Returns a sharp pipeline so callers choose raw pixels (Y4M) or JPEG (a frame for recognizeFrame).
 */
export async function renderDoorScene(
  image: string | Uint8Array | null,
  o: { width: number; height: number; background: { r: number; g: number; b: number }; scale: number }
): Promise<Sharp> {
  const canvas = sharp({ create: { width: o.width, height: o.height, channels: 3, background: o.background } })
  if (image === null) return canvas
  const side = Math.round(o.height * o.scale)
  const face = await sharp(image)
    .rotate()
    .resize(side, side, { fit: 'contain', background: o.background })
    .flatten({ background: o.background })
    .png()
    .toBuffer()
  // Composite, then re-read: sharp applies composite after other operations of the same pipeline.
  const composed = await canvas
    .composite([{ input: face, left: Math.round((o.width - side) / 2), top: Math.round((o.height - side) / 2) }])
    .removeAlpha()
    .png()
    .toBuffer()
  return sharp(composed)
}

/** One JPEG camera frame of `image` at the door, as the renderer would send it. */
export async function doorFrameJpeg(image: string | Uint8Array | null, scale = DEFAULT_SCALE): Promise<Uint8Array> {
  const buffer = await (await renderDoorScene(image, { ...DEFAULTS, scale })).jpeg({ quality: 85 }).toBuffer()
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

/** BT.601 limited-range RGB → I420 (what Chromium's Y4M reader expects for C420jpeg). */
export function rgbToI420(rgb: Uint8Array, width: number, height: number): Buffer {
  const ySize = width * height
  const cw = width >> 1
  const ch = height >> 1
  const out = Buffer.alloc(ySize + 2 * cw * ch)
  for (let i = 0, p = 0; i < ySize; i++, p += 3) {
    const r = rgb[p]!
    const g = rgb[p + 1]!
    const b = rgb[p + 2]!
    out[i] = Math.round(16 + 0.257 * r + 0.504 * g + 0.098 * b)
  }
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      // Average the 2x2 block for chroma.
      let r = 0
      let g = 0
      let b = 0
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
        const p = ((2 * y + dy) * width + 2 * x + dx) * 3
        r += rgb[p]!
        g += rgb[p + 1]!
        b += rgb[p + 2]!
      }
      r /= 4
      g /= 4
      b /= 4
      out[ySize + y * cw + x] = Math.round(128 - 0.148 * r - 0.291 * g + 0.439 * b)
      out[ySize + cw * ch + y * cw + x] = Math.round(128 + 0.439 * r - 0.368 * g - 0.071 * b)
    }
  }
  return out
}

export async function writeY4m(file: string, scenes: Y4mScene[], options: Y4mOptions = {}): Promise<string> {
  const o = { ...DEFAULTS, ...options }
  if (o.width % 2 || o.height % 2) throw new Error('Y4M 4:2:0 needs even width and height')
  const handle = await open(file, 'w')
  try {
    await handle.write(`YUV4MPEG2 W${o.width} H${o.height} F${o.fps}:1 Ip A1:1 C420jpeg\n`)
    for (const scene of scenes) {
      const frame = rgbToI420(await renderScene(scene, o), o.width, o.height)
      for (let i = 0; i < scene.frames; i++) {
        await handle.write('FRAME\n')
        await handle.write(frame)
      }
    }
  } finally {
    await handle.close()
  }
  return file
}
