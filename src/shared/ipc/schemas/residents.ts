import { z } from 'zod'
import { photoRejectionSchema } from '../../error-details'
import { bytesSchema, finite, idSchema, imageBytesSchema, MAX_PHOTOS_PER_REQUEST, nameSchema, withAdmin } from './common'

export const photoQualitySchema = z.object({
  faceSizePx: finite,
  sharpness: finite,
  yawDeg: finite,
  rollDeg: finite,
  brightness: finite,
  liveness: finite.nullable().optional()
})

export const photoSchema = z.object({
  id: idSchema,
  source: z.enum(['file', 'camera']),
  addedAt: z.string(),
  needsReenrollment: z.boolean(),
  quality: photoQualitySchema,
  thumbnail: bytesSchema.nullable()
})

export const residentSchema = z.object({
  id: idSchema,
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  photoCount: z.number().int(),
  needsReenrollment: z.boolean(),
  /** JPEG of the first photo's face, for the list. */
  thumbnail: bytesSchema.nullable()
})
export type ResidentDto = z.infer<typeof residentSchema>

export const residentDetailSchema = residentSchema.extend({ photos: z.array(photoSchema) })

export { photoRejectionSchema }

export const lookAlikeSchema = z.object({
  a: z.object({ id: idSchema, name: z.string() }),
  b: z.object({ id: idSchema, name: z.string() }),
  distance: finite
})

export const enrollResultSchema = z.object({
  resident: residentSchema,
  accepted: z.array(z.object({ index: z.number().int(), photoId: idSchema })),
  rejected: z.array(photoRejectionSchema),
  /** Accepted photos with something to improve ('tight-crop': the face touches the photo's edge). */
  warnings: z.array(z.object({ index: z.number().int(), reason: z.string(), message: z.string() })).default([]),
  /** About the resident as a whole ('few-photos': fewer photos than recommended, and why more help). */
  advice: z.array(z.object({ reason: z.string(), photos: z.number().int(), recommended: z.number().int(), message: z.string() })).default([]),
  lookAlikes: z.array(lookAlikeSchema)
})
export type EnrollResult = z.infer<typeof enrollResultSchema>

const photosSchema = z.array(imageBytesSchema).min(1).max(MAX_PHOTOS_PER_REQUEST)
const sourceSchema = z.enum(['file', 'camera'])

export const captureFeedbackSchema = z.object({
  ok: z.boolean(),
  /** 'ok' or what to fix: 'no-face', 'several-faces', 'move-closer', 'too-dark', 'too-bright', 'blurry', 'turn-left', 'turn-right', 'straighten', 'not-live'. */
  hint: z.string(),
  box: z.object({ x: finite, y: finite, width: finite, height: finite }).nullable(),
  width: z.number().int(),
  height: z.number().int()
})

export const residentVerbs = {
  listResidents: { request: withAdmin({}), response: z.array(residentSchema) },
  getResident: { request: withAdmin({ residentId: idSchema }), response: residentDetailSchema },
  /** New resident from photos; a face that matches someone else needs confirm: true (NEEDS_CONFIRMATION). */
  enrollResident: {
    request: withAdmin({ name: nameSchema, photos: photosSchema, source: sourceSchema, confirm: z.boolean().optional() }),
    response: enrollResultSchema
  },
  addPhotos: {
    request: withAdmin({ residentId: idSchema, photos: photosSchema, source: sourceSchema, confirm: z.boolean().optional() }),
    response: enrollResultSchema
  },
  removePhoto: { request: withAdmin({ residentId: idSchema, photoId: idSchema }), response: residentSchema },
  renameResident: { request: withAdmin({ residentId: idSchema, name: nameSchema }), response: residentSchema },
  /** Hard delete: photos, embeddings, thumbnails; the name is removed from past log entries. */
  deleteResident: { request: withAdmin({ residentId: idSchema }), response: z.object({}) },
  listLookAlikes: { request: withAdmin({}), response: z.array(lookAlikeSchema) },
  /** Guided camera capture: live quality feedback on one frame, nothing stored. */
  checkCapture: { request: withAdmin({ frame: imageBytesSchema }), response: captureFeedbackSchema }
} as const
