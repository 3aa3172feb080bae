/**
 * Door attempts made from still photos: a window of camera frames cut from one photo with small
 * crop, scale, brightness and blur changes. The changes are drawn once per attempt and varied a
 * little per frame, so the frames are correlated as a person standing at a door is.
 */
import sharp from 'sharp'
import type { RgbImage } from '../../src/main/engine/image-ops'

export const JITTER = {
  /** Side of the crop as a share of the photo, per attempt, then per frame. */
  cropShare: [0.86, 1.0],
  cropShareFrame: 0.02,
  /** Crop centre offset, share of the photo side, per attempt, then per frame. */
  shift: 0.05,
  shiftFrame: 0.01,
  brightness: [0.8, 1.2],
  brightnessFrame: 0.03,
  /** Gaussian blur sigma (px) per frame; none below MIN_SIGMA (sharp's own lower limit). */
  blurSigma: [0, 1.2],
  minSigma: 0.3
} as const

const between = (r: () => number, [lo, hi]: readonly [number, number]) => lo + (hi - lo) * r()
const around = (r: () => number, centre: number, spread: number) => centre + spread * (2 * r() - 1)

/** The frames of one attempt, as the camera would deliver them (same size as the photo). */
export async function attemptFrames(photo: Buffer, frames: number, random: () => number): Promise<RgbImage[]> {
  const meta = await sharp(photo).metadata()
  const w = meta.width ?? 0
  const h = meta.height ?? 0
  const share = between(random, JITTER.cropShare)
  const dx = around(random, 0, JITTER.shift)
  const dy = around(random, 0, JITTER.shift)
  const brightness = between(random, JITTER.brightness)
  const out: RgbImage[] = []
  for (let i = 0; i < frames; i++) {
    const s = Math.min(1, around(random, share, JITTER.cropShareFrame))
    const cw = Math.round(w * s)
    const ch = Math.round(h * s)
    const left = Math.round(Math.min(w - cw, Math.max(0, (w - cw) / 2 + w * around(random, dx, JITTER.shiftFrame))))
    const top = Math.round(Math.min(h - ch, Math.max(0, (h - ch) / 2 + h * around(random, dy, JITTER.shiftFrame))))
    const sigma = between(random, JITTER.blurSigma)
    let img = sharp(photo).extract({ left, top, width: cw, height: ch }).resize(w, h).modulate({ brightness: around(random, brightness, JITTER.brightnessFrame) })
    if (sigma >= JITTER.minSigma) img = img.blur(sigma)
    const { data, info } = await img.removeAlpha().raw().toBuffer({ resolveWithObject: true })
    out.push({ data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height })
  }
  return out
}

/** The same frames as JPEGs, as the kiosk's renderer sends them (quality 80). */
export async function attemptJpegs(photo: Buffer, frames: number, random: () => number): Promise<Uint8Array[]> {
  const images = await attemptFrames(photo, frames, random)
  return Promise.all(images.map(async (img) => new Uint8Array(await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } }).jpeg({ quality: 80 }).toBuffer())))
}
