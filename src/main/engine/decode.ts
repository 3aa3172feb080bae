/**
 * Any supported input -> 8-bit RGB pixels, EXIF-oriented. The pixel limit is checked from the
 * header before anything is decoded (decompression bombs).
 */
import sharp from 'sharp'
import { AppError } from '../../shared/errors'
import type { RgbImage } from './image-ops'
import { jpegFrameSize } from './jpeg-header'
import type { ImageInput, RawImage } from './types'

const RGB = 3
const RGBA = 4

/** libvips repeats its messages over several lines: keep the first. */
function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0].trim()
}

function isRawImage(input: ImageInput): input is RawImage {
  return !(input instanceof Uint8Array)
}

function tooLarge(width: number, height: number, maxPixels: number): AppError {
  return new AppError(
    'IMAGE_TOO_LARGE',
    `Image is ${width}x${height} (${width * height} pixels), over the limit of ${maxPixels}: use a smaller photo`,
    { width, height, maxPixels }
  )
}

/** Drops alpha from already-decoded pixels (the camera path: no sharp round trip). */
function rawToRgb(raw: RawImage, maxPixels: number): RgbImage {
  const { width, height, channels, data } = raw
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new AppError('EMPTY_INPUT', `Raw image has no pixels (${width}x${height})`)
  }
  if (width * height > maxPixels) throw tooLarge(width, height, maxPixels)
  if ((channels !== RGB && channels !== RGBA) || data.length !== width * height * channels) {
    throw new AppError(
      'UNSUPPORTED_IMAGE',
      `Raw image must be 8-bit RGB or RGBA with width*height*channels bytes (got ${data.length} bytes for ${width}x${height}x${channels})`
    )
  }
  if (channels === RGB) return { data, width, height }
  const out = new Uint8Array(width * height * RGB)
  for (let i = 0, o = 0; i < data.length; i += RGBA, o += RGB) {
    out[o] = data[i]
    out[o + 1] = data[i + 1]
    out[o + 2] = data[i + 2]
  }
  return { data: out, width, height }
}

/** Is this sharp error about the format itself (not an image / unknown format) rather than broken data? */
function isUnsupportedFormat(message: string): boolean {
  return /unsupported image format|input buffer contains unsupported/i.test(message)
}

const startsWith = (bytes: Uint8Array, sig: readonly number[], at = 0): boolean => sig.every((b, i) => bytes[at + i] === b)
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0))

/**
 * Raster formats recognised by their magic bytes, before sharp sees anything: SVG (which can
 * reference local files and carry scripts), PDF and text never reach a decoder.
 */
const RASTER_SIGNATURES: readonly ((b: Uint8Array) => boolean)[] = [
  (b) => startsWith(b, [0xff, 0xd8, 0xff]), // JPEG
  (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), // PNG
  (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8), // WebP
  (b) => startsWith(b, ascii('GIF8')), // GIF
  (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]), // TIFF
  (b) => startsWith(b, ascii('ftyp'), 4) // AVIF / HEIF
]

const UNSUPPORTED_MESSAGE = 'The file is not an image in a supported format (JPEG, PNG, WebP, GIF, TIFF, AVIF)'

/** Width and height from sharp's reading of the header; animated and multi-page images are refused. */
async function headerSize(bytes: Uint8Array): Promise<{ width?: number; height?: number }> {
  try {
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata()
    // A face photo is one still picture: which frame of an animation would be "the" face?
    if ((meta.pages ?? 1) > 1) {
      throw new AppError('UNSUPPORTED_IMAGE', `The image has ${meta.pages} frames (animated or multi-page): use a single still photo`)
    }
    return { width: meta.width, height: meta.pageHeight ?? meta.height }
  } catch (e) {
    if (e instanceof AppError) throw e
    const message = firstLine(e)
    if (isUnsupportedFormat(message)) {
      throw new AppError('UNSUPPORTED_IMAGE', UNSUPPORTED_MESSAGE)
    }
    throw new AppError('DECODE_FAILED', `The image could not be read (${message}): the file may be damaged`)
  }
}

async function decodeEncoded(bytes: Uint8Array, maxPixels: number): Promise<RgbImage> {
  if (!RASTER_SIGNATURES.some((matches) => matches(bytes))) throw new AppError('UNSUPPORTED_IMAGE', UNSUPPORTED_MESSAGE)
  // A plain JPEG's size is read from its frame header without sharp (camera frames: every frame is one).
  const { width, height } = jpegFrameSize(bytes) ?? (await headerSize(bytes))
  if (!width || !height) throw new AppError('DECODE_FAILED', 'The image header has no size: the file may be damaged')
  if (width * height > maxPixels) throw tooLarge(width, height, maxPixels)
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' })
      .rotate() // EXIF orientation
      .flatten({ background: '#000000' }) // RGBA -> RGB on black, like the zero border
      .toColourspace('srgb') // grayscale/CMYK/16-bit -> sRGB
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
    if (info.channels !== RGB) throw new Error(`decoded to ${info.channels} channels`)
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height }
  } catch (e) {
    const message = firstLine(e)
    if (/pixel limit/i.test(message)) throw tooLarge(width, height, maxPixels)
    throw new AppError('DECODE_FAILED', `The image could not be decoded (${message}): the file may be truncated or damaged`)
  }
}

export async function decodeImage(input: ImageInput, maxPixels: number): Promise<RgbImage> {
  if (input == null) throw new AppError('EMPTY_INPUT', 'No image was given')
  if (isRawImage(input)) return rawToRgb(input, maxPixels)
  if (input.length === 0) throw new AppError('EMPTY_INPUT', 'The image is empty (0 bytes)')
  return decodeEncoded(input, maxPixels)
}
