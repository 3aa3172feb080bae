import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { decodeImage } from '../../../src/main/engine/decode'
import { jpegFrameSize } from '../../../src/main/engine/jpeg-header'
import { FACES_DIR, facesAvailable, happyHouse, reportMissingFaces } from '../../support/faces'

reportMissingFaces('JPEG frame headers of real photos')

const solid = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: '#886644' } })

/** The offset of the first frame header's height field (SOF0-SOF2 in these files). */
function frameHeaderAt(jpeg: Buffer): number {
  for (let p = 2; p < jpeg.length - 9; p++) if (jpeg[p] === 0xff && jpeg[p + 1] >= 0xc0 && jpeg[p + 1] <= 0xc2) return p + 5
  throw new Error('no frame header')
}

describe('jpegFrameSize', () => {
  it('reads what sharp reads, from sharp-made JPEGs: baseline, progressive, 4:4:4, grayscale, with EXIF and an ICC profile', async () => {
    const made = [
      await solid(640, 480).jpeg({ quality: 80 }).toBuffer(),
      await solid(641, 353).jpeg({ progressive: true }).toBuffer(),
      await solid(33, 1201).jpeg({ chromaSubsampling: '4:4:4' }).toBuffer(),
      await solid(300, 200).greyscale().jpeg().toBuffer(),
      await solid(300, 200).withMetadata({ orientation: 6 }).jpeg().toBuffer(),
      await solid(120, 90).withIccProfile('p3').jpeg().toBuffer()
    ]
    for (const jpeg of made) {
      const meta = await sharp(jpeg).metadata()
      expect(jpegFrameSize(jpeg)).toEqual({ width: meta.width, height: meta.height })
    }
  })

  it.skipIf(!facesAvailable)('reads what sharp reads, from the team\'s photos (camera shots, residents, LFW-dev)', async () => {
    const lfw = join(FACES_DIR, 'lfw-dev/images')
    const files = [
      ...readdirSync(happyHouse.cameraDir).map((f) => join(happyHouse.cameraDir, f)),
      ...readdirSync(happyHouse.residentsDir).filter((f) => f.endsWith('.jpg')).map((f) => join(happyHouse.residentsDir, f)),
      ...readdirSync(lfw).slice(0, 20).map((p) => join(lfw, p, readdirSync(join(lfw, p))[0]))
    ]
    expect(files.length).toBeGreaterThan(25)
    for (const file of files) {
      const bytes = readFileSync(file)
      const meta = await sharp(bytes).metadata()
      expect(jpegFrameSize(bytes), file).toEqual({ width: meta.width, height: meta.height })
    }
  })

  it('returns null for what it cannot read plainly: other formats, a cut before the frame header, stray bytes, a zero height', async () => {
    const jpeg = await solid(64, 48).jpeg().toBuffer()
    expect(jpegFrameSize(await solid(64, 48).png().toBuffer())).toBeNull()
    expect(jpegFrameSize(jpeg.subarray(0, frameHeaderAt(jpeg) - 4))).toBeNull()
    expect(jpegFrameSize(Buffer.from([0xff, 0xd8, 0x12, 0x34, 0x56]))).toBeNull()
    const noHeight = Buffer.from(jpeg)
    noHeight.writeUInt16BE(0, frameHeaderAt(jpeg))
    expect(jpegFrameSize(noHeight)).toBeNull()
  })

  it('a JPEG announcing too many pixels is refused from its header, before decoding', async () => {
    const jpeg = Buffer.from(await solid(64, 48).jpeg().toBuffer())
    const at = frameHeaderAt(jpeg)
    jpeg.writeUInt16BE(60_000, at)
    jpeg.writeUInt16BE(60_000, at + 2)
    expect(jpegFrameSize(jpeg)).toEqual({ width: 60_000, height: 60_000 })
    const error = await decodeImage(jpeg, 40_000_000).catch((e) => e)
    expect(error.code).toBe('IMAGE_TOO_LARGE')
    expect(error.details).toMatchObject({ width: 60_000, height: 60_000 })
  })
})
