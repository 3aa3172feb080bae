import { readFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { decodeImage } from '../../../src/main/engine/decode'
import { facesAvailable, happyHouse, reportMissingFaces } from '../../support/faces'

const LIMIT = 40_000_000
const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string }) => e.code)

/** CRC-32 (PNG chunk checksum). */
function crc32(bytes: Uint8Array): number {
  let c = ~0
  for (const b of bytes) {
    c ^= b
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
  }
  return ~c >>> 0
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  body.copy(out, 4)
  out.writeUInt32BE(crc32(body), 8 + data.length)
  return out
}

/** A PNG whose header claims width x height but whose data is a few deflated bytes. */
function pngHeaderOnly(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(Buffer.alloc(16))), pngChunk('IEND', new Uint8Array(0))])
}

const solid = (w: number, h: number, colour: string) => sharp({ create: { width: w, height: h, channels: 3, background: colour } })

describe('decodeImage: bad inputs give typed errors', () => {
  it('zero bytes -> EMPTY_INPUT', async () => {
    expect(await codeOf(decodeImage(new Uint8Array(0), LIMIT))).toBe('EMPTY_INPUT')
  })

  it('garbage bytes and a text file -> UNSUPPORTED_IMAGE', async () => {
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)
    expect(await codeOf(decodeImage(garbage, LIMIT))).toBe('UNSUPPORTED_IMAGE')
    expect(await codeOf(decodeImage(Buffer.from('name,photo\nyounes,camera_0.jpg\n'), LIMIT))).toBe('UNSUPPORTED_IMAGE')
  })

  it('a truncated JPEG -> DECODE_FAILED', async () => {
    const jpeg = await solid(640, 480, '#886644').jpeg({ quality: 95 }).toBuffer()
    expect(await codeOf(decodeImage(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), LIMIT))).toBe('DECODE_FAILED')
    expect(await codeOf(decodeImage(jpeg.subarray(0, 100), LIMIT))).toBe('DECODE_FAILED')
  })

  it('an over-limit image is refused from its header, before decoding', async () => {
    const bomb = pngHeaderOnly(100_000, 100_000) // 1e10 pixels announced in under 100 bytes
    expect(bomb.length).toBeLessThan(100)
    const error = await decodeImage(bomb, LIMIT).catch((e) => e)
    expect(error.code).toBe('IMAGE_TOO_LARGE')
    expect(error.details).toMatchObject({ width: 100_000, height: 100_000 })
    // A real image just over a small limit too.
    expect(await codeOf(decodeImage(await solid(200, 100, '#000').png().toBuffer(), 19_999))).toBe('IMAGE_TOO_LARGE')
  })

  it('raw pixels with a wrong buffer size -> UNSUPPORTED_IMAGE; no pixels -> EMPTY_INPUT', async () => {
    expect(await codeOf(decodeImage({ data: new Uint8Array(10), width: 4, height: 4, channels: 3 }, LIMIT))).toBe('UNSUPPORTED_IMAGE')
    expect(await codeOf(decodeImage({ data: new Uint8Array(0), width: 0, height: 4, channels: 3 }, LIMIT))).toBe('EMPTY_INPUT')
  })
})

describe('decodeImage: formats become 8-bit RGB', () => {
  it('honours EXIF orientation', async () => {
    // Left half red, right half blue, stored with orientation 6 (display rotated 90 degrees clockwise).
    const left = await solid(20, 20, '#ff0000').png().toBuffer()
    const jpeg = await solid(40, 20, '#0000ff')
      .composite([{ input: left, left: 0, top: 0 }])
      .jpeg({ quality: 100 })
      .withMetadata({ orientation: 6 })
      .toBuffer()
    const img = await decodeImage(jpeg, LIMIT)
    expect([img.width, img.height]).toEqual([20, 40])
    const top = (5 * 20 + 10) * 3
    const bottom = (35 * 20 + 10) * 3
    expect(img.data[top]).toBeGreaterThan(200) // red on top
    expect(img.data[bottom + 2]).toBeGreaterThan(200) // blue below
  })

  it('converts RGBA, 16-bit, grayscale and CMYK to 8-bit RGB', async () => {
    const inputs = {
      rgba: await sharp({ create: { width: 8, height: 6, channels: 4, background: { r: 10, g: 20, b: 30, alpha: 1 } } }).png().toBuffer(),
      rgb16: await solid(8, 6, '#808080').toColourspace('rgb16').png().toBuffer(),
      gray: await solid(8, 6, '#404040').toColourspace('b-w').png().toBuffer(),
      cmyk: await solid(8, 6, '#336699').toColourspace('cmyk').jpeg().toBuffer()
    }
    expect((await sharp(inputs.rgb16).metadata()).depth).toBe('ushort')
    expect((await sharp(inputs.cmyk).metadata()).space).toBe('cmyk')
    for (const [name, bytes] of Object.entries(inputs)) {
      const img = await decodeImage(bytes, LIMIT)
      expect([name, img.width, img.height, img.data.length]).toEqual([name, 8, 6, 8 * 6 * 3])
    }
    const gray = await decodeImage(inputs.gray, LIMIT)
    expect(Array.from(gray.data.subarray(0, 3))).toEqual([0x40, 0x40, 0x40])
    const rgb16 = await decodeImage(inputs.rgb16, LIMIT)
    expect(rgb16.data[0]).toBeGreaterThanOrEqual(127)
    expect(rgb16.data[0]).toBeLessThanOrEqual(129)
  })

  it('drops alpha from raw RGBA pixels', async () => {
    const img = await decodeImage({ data: Uint8Array.from([1, 2, 3, 255, 4, 5, 6, 0]), width: 2, height: 1, channels: 4 }, LIMIT)
    expect(Array.from(img.data)).toEqual([1, 2, 3, 4, 5, 6])
  })

  it.skipIf(!facesAvailable)('decodes the RGBA Happy House resident', async () => {
    reportMissingFaces('RGBA resident decoding')
    const img = await decodeImage(readFileSync(`${happyHouse.residentsDir}/danielle.png`), LIMIT)
    expect([img.width, img.height, img.data.length]).toEqual([96, 96, 96 * 96 * 3])
  })
})
