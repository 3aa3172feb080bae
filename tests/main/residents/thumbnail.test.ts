import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { DEFAULT_QUALITY_CONFIG } from '../../../src/main/residents/quality-config'
import { makeFaceThumbnail, thumbnailRegion } from '../../../src/main/residents/thumbnail'
import { facesAvailable, reportMissingFaces } from '../../support/faces'
import { residentPhoto } from '../../support/face-images'

reportMissingFaces('thumbnail tests on real photos')

describe('thumbnailRegion', () => {
  it('grows the box by the margin and keeps it square', () => {
    expect(thumbnailRegion({ x: 100, y: 100, width: 50, height: 50 }, 400, 400, 0.2)).toEqual({ left: 90, top: 90, width: 70, height: 70 })
  })

  it('clamps to the image', () => {
    expect(thumbnailRegion({ x: -10, y: 80, width: 40, height: 40 }, 96, 96, 0)).toEqual({ left: 0, top: 80, width: 30, height: 16 })
  })
})

describe.skipIf(!facesAvailable)('makeFaceThumbnail', () => {
  const cfg = DEFAULT_QUALITY_CONFIG.thumbnail

  it('makes a small square JPEG of the face box', async () => {
    const jpeg = await makeFaceThumbnail(await residentPhoto('kian'), { x: 22, y: 15, width: 54, height: 54 }, cfg)
    const meta = await sharp(jpeg).metadata()
    expect(meta.format).toBe('jpeg')
    expect([meta.width, meta.height]).toEqual([cfg.sizePx, cfg.sizePx])
    expect(jpeg.length).toBeLessThan(8 * 1024)
  })

  it('crops from RGBA PNGs and raw camera frames', async () => {
    const png = await residentPhoto('danielle')
    expect((await sharp(await makeFaceThumbnail(png, { x: 8, y: 14, width: 67, height: 67 }, cfg)).metadata()).channels).toBe(3)
    const { data, info } = await sharp(await residentPhoto('kian')).raw().toBuffer({ resolveWithObject: true })
    const raw = { data: new Uint8Array(data), width: info.width, height: info.height, channels: info.channels as 3 }
    expect((await sharp(await makeFaceThumbnail(raw, { x: 22, y: 15, width: 54, height: 54 }, cfg)).metadata()).width).toBe(cfg.sizePx)
  })

  it('crops from the EXIF-oriented pixels (the frame the engine saw)', async () => {
    // A 120x60 image, left half white and right half black, stored rotated with EXIF orientation 6.
    const upright = await sharp({ create: { width: 120, height: 60, channels: 3, background: '#000' } })
      .composite([{ input: { create: { width: 60, height: 60, channels: 3, background: '#fff' } }, left: 0, top: 0 }])
      .png()
      .toBuffer()
    const stored = await sharp(upright).rotate(-90).withMetadata({ orientation: 6 }).jpeg().toBuffer()
    const thumb = await makeFaceThumbnail(new Uint8Array(stored), { x: 0, y: 0, width: 60, height: 60 }, { ...cfg, marginRatio: 0 })
    const { data } = await sharp(thumb).greyscale().raw().toBuffer({ resolveWithObject: true })
    const mean = data.reduce((a, b) => a + b, 0) / data.length
    expect(mean).toBeGreaterThan(200)
  })
})
