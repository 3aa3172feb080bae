import { z } from 'zod'
import { AppError } from '../../shared/errors'
import { assertFiniteEmbedding } from './codec'
import { PHOTO_SOURCES, photoQualitySchema } from './schema'
import { STORE_CONFIG } from './store-config'
import type { NewPhoto } from './types'

const JPEG_MAGIC = [0xff, 0xd8, 0xff]

const newPhotoMetaSchema = z.object({
  modelId: z.string().min(1).max(200),
  quality: photoQualitySchema,
  source: z.enum(PHOTO_SOURCES)
})

export function isJpeg(bytes: Uint8Array): boolean {
  return JPEG_MAGIC.every((b, i) => bytes[i] === b)
}

/** Validates a photo handed to the store (types, finite numbers, sizes) before anything is written. */
export function validateNewPhoto(photo: NewPhoto, activeModelId: string): NewPhoto {
  if (typeof photo !== 'object' || photo === null) throw new AppError('INVALID_PAYLOAD', 'A photo is required')
  const meta = newPhotoMetaSchema.safeParse(photo)
  if (!meta.success) {
    const issue = meta.error.issues[0]
    throw new AppError('INVALID_PAYLOAD', `Invalid photo ${issue.path.map(String).join('.')}: ${issue.message}`)
  }
  if (meta.data.modelId !== activeModelId) {
    throw new AppError('INVALID_PAYLOAD', `The photo was embedded by model "${meta.data.modelId}" but the active model is "${activeModelId}"`)
  }
  assertFiniteEmbedding(photo.embedding, STORE_CONFIG.maxEmbeddingDims)
  const thumb = photo.thumbnailJpeg
  if (!(thumb instanceof Uint8Array) || !isJpeg(thumb) || thumb.length > STORE_CONFIG.maxThumbnailBytes) {
    throw new AppError('INVALID_PAYLOAD', `A thumbnail must be a JPEG of at most ${STORE_CONFIG.maxThumbnailBytes} bytes`)
  }
  return { ...meta.data, embedding: photo.embedding, thumbnailJpeg: thumb }
}
