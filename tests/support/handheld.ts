import sharp from 'sharp'
import { seededRandom } from './random'

/**
 * Synthetic "photo held up to the camera" video: a printed photo (or a phone showing it) moved by a
 * hand in front of a 640x480 door camera. Every frame is the photo under a small random perspective
 * transform (rotation, scale, tilt, shift) that drifts smoothly over time, plus exposure drift and
 * sensor noise, JPEG-encoded as the renderer sends it. A flat picture stays on one plane however it
 * moves: this is what the planar-motion liveness evidence must catch. Deterministic per seed, and a
 * function of time, so the same "video" can be sampled at any frame rate.
 */
export const HANDHELD_WIDTH = 640
export const HANDHELD_HEIGHT = 480
const JPEG_QUALITY = 80

export interface HandheldOptions {
  /** Seed of the hand's motion and the noise. */
  seed: number
  /** Height of the photo on the frame, pixels (default 300: a face of ~130-180 px for a portrait). */
  photoHeightPx?: number
  /** Peak in-plane rotation, degrees (default 4). */
  rotationDeg?: number
  /** Peak shift of the photo's centre, pixels (default 15). */
  shiftPx?: number
  /** Peak relative scale change (default 0.04). */
  scale?: number
  /** Peak perspective tilt: relative foreshortening across the photo (default 0.06). */
  tilt?: number
  /** Peak exposure change, relative (default 0.1). */
  exposure?: number
  /** Sensor noise amplitude, grey levels (uniform, default 6). */
  noise?: number
}


/** A smooth random signal in [-1, 1]: two sinusoids with random periods (0.7-3 s) and phases. */
function wobble(random: () => number): (t: number) => number {
  const parts = [0, 1].map(() => ({ period: 0.7 + random() * 2.3, phase: random() * 2 * Math.PI }))
  return (t) => parts.reduce((s, p) => s + Math.sin((2 * Math.PI * t) / p.period + p.phase), 0) / parts.length
}

interface DecodedPhoto {
  data: Uint8Array
  width: number
  height: number
}

type Mat3 = [number, number, number, number, number, number, number, number, number]

function invert3(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m
  const A = e * i - f * h
  const B = -(d * i - f * g)
  const C = d * h - e * g
  const det = a * A + b * B + c * C
  return [A / det, -(b * i - c * h) / det, (b * f - c * e) / det, B / det, (a * i - c * g) / det, -(a * f - c * d) / det, C / det, -(a * h - b * g) / det, (a * e - b * d) / det]
}

/** A hand-held photo, sampled at any time. */
export interface HandheldVideo {
  /** The frame at `t` seconds, as a JPEG. */
  frameAt(t: number): Promise<Uint8Array>
}

export async function handheldVideo(photo: Uint8Array | string, options: HandheldOptions): Promise<HandheldVideo> {
  const o = { photoHeightPx: 300, rotationDeg: 4, shiftPx: 15, scale: 0.04, tilt: 0.06, exposure: 0.1, noise: 6, ...options }
  const { data, info } = await sharp(photo).rotate().resize({ height: o.photoHeightPx }).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const src: DecodedPhoto = { data: new Uint8Array(data), width: info.width, height: info.height }
  const random = seededRandom(o.seed)
  const motion = { rot: wobble(random), dx: wobble(random), dy: wobble(random), scale: wobble(random), tiltX: wobble(random), tiltY: wobble(random), exposure: wobble(random) }
  const background = 90 + Math.floor(random() * 80)
  return {
    async frameAt(t: number): Promise<Uint8Array> {
      const angle = (o.rotationDeg * Math.PI * motion.rot(t)) / 180
      const s = 1 + o.scale * motion.scale(t)
      const cos = Math.cos(angle) * s
      const sin = Math.sin(angle) * s
      const cx = HANDHELD_WIDTH / 2 + o.shiftPx * motion.dx(t)
      const cy = HANDHELD_HEIGHT / 2 + o.shiftPx * motion.dy(t)
      // Photo coordinates centred on the photo; the tilt terms foreshorten it by up to `tilt` across its width/height.
      const px = (o.tilt * motion.tiltX(t)) / src.width
      const py = (o.tilt * motion.tiltY(t)) / src.height
      const toFrame: Mat3 = [cos, -sin, cx, sin, cos, cy, px, py, 1]
      const centre: Mat3 = [1, 0, -src.width / 2, 0, 1, -src.height / 2, 0, 0, 1]
      const h = multiply(toFrame, centre)
      const inv = invert3(h)
      const gain = 1 + o.exposure * motion.exposure(t)
      const noise = seededRandom(o.seed * 7919 + Math.round(t * 1000))
      const out = warp(src, inv, gain, background, o.noise, noise)
      return new Uint8Array(await sharp(out, { raw: { width: HANDHELD_WIDTH, height: HANDHELD_HEIGHT, channels: 3 } }).jpeg({ quality: JPEG_QUALITY }).toBuffer())
    }
  }
}

function multiply(a: Mat3, b: Mat3): Mat3 {
  const r = new Array<number>(9).fill(0) as Mat3
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) r[i * 3 + j] += a[i * 3 + k]! * b[k * 3 + j]!
  return r
}

/** Inverse-maps every output pixel into the photo (bilinear), then exposure and uniform noise. */
function warp(src: DecodedPhoto, inv: Mat3, gain: number, background: number, noiseAmp: number, random: () => number): Uint8Array {
  const out = new Uint8Array(HANDHELD_WIDTH * HANDHELD_HEIGHT * 3)
  const [a, b, c, d, e, f, g, h, i] = inv
  for (let y = 0; y < HANDHELD_HEIGHT; y++) {
    for (let x = 0; x < HANDHELD_WIDTH; x++) {
      const w = g * x + h * y + i
      const sx = (a * x + b * y + c) / w
      const sy = (d * x + e * y + f) / w
      const o = (y * HANDHELD_WIDTH + x) * 3
      const inside = sx >= 0 && sy >= 0 && sx < src.width - 1 && sy < src.height - 1
      for (let ch = 0; ch < 3; ch++) {
        let v = background
        if (inside) {
          const x0 = Math.floor(sx)
          const y0 = Math.floor(sy)
          const fx = sx - x0
          const fy = sy - y0
          const p = (y0 * src.width + x0) * 3 + ch
          const row = src.width * 3
          const top = src.data[p]! * (1 - fx) + src.data[p + 3]! * fx
          const bottom = src.data[p + row]! * (1 - fx) + src.data[p + row + 3]! * fx
          v = (top * (1 - fy) + bottom * fy) * gain
        }
        out[o + ch] = Math.max(0, Math.min(255, Math.round(v + (random() * 2 - 1) * noiseAmp)))
      }
    }
  }
  return out
}
