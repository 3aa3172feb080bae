import sharp from 'sharp'
import type { Box, ImageInput } from '../engine'
import type { QualityConfig } from './quality-config'

/** Pixel limit for the thumbnail's decode; the engine has already refused larger images. */
const MAX_INPUT_PIXELS = 40_000_000

/** The face box grown by the margin, made square, clamped to the image. */
export function thumbnailRegion(box: Box, imageWidth: number, imageHeight: number, marginRatio: number): { left: number; top: number; width: number; height: number } {
  const side = Math.max(box.width, box.height) * (1 + 2 * marginRatio)
  const cx = box.x + box.width / 2
  const cy = box.y + box.height / 2
  const left = Math.max(0, Math.floor(cx - side / 2))
  const top = Math.max(0, Math.floor(cy - side / 2))
  const right = Math.min(imageWidth, Math.ceil(cx + side / 2))
  const bottom = Math.min(imageHeight, Math.ceil(cy + side / 2))
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) }
}

/** A small square JPEG of the face, from the same (EXIF-oriented) pixels the engine saw. */
export async function makeFaceThumbnail(image: ImageInput, box: Box, config: QualityConfig['thumbnail']): Promise<Uint8Array> {
  const source =
    image instanceof Uint8Array
      ? sharp(image, { limitInputPixels: MAX_INPUT_PIXELS }).rotate()
      : sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } })
  // Orientation must be applied before the crop: materialise the oriented image first.
  const { data, info } = await source.removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const region = thumbnailRegion(box, info.width, info.height, config.marginRatio)
  const jpeg = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .extract(region)
    .resize(config.sizePx, config.sizePx, { fit: 'cover' })
    .jpeg({ quality: config.quality, mozjpeg: false })
    .toBuffer()
  return new Uint8Array(jpeg)
}
