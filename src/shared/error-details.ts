import { z } from 'zod'

/**
 * The details each error code may carry across a process boundary, one schema per code, so the UI
 * reads typed fields instead of re-parsing a free-form record. Codes without details take none.
 * main validates details with these before they leave (toErrorResult), like responses.
 */

const int = z.number().int()
const num = z.number()

/** One photo's refusal inside an enrollment request (also the EnrollResult's `rejected` rows). */
export const photoRejectionSchema = z.object({
  index: int,
  code: z.string(),
  /** Machine reason (e.g. 'too-small', 'blurry', 'no-face'), translated by the UI. */
  reason: z.string(),
  message: z.string(),
  measured: num.optional(),
  limit: num.optional()
})
export type PhotoRejection = z.infer<typeof photoRejectionSchema>

/** Why photos were refused: the first reason with its figures, and every photo's refusal. */
const photoFailure = z.object({
  reason: z.string().optional(),
  measured: num.optional(),
  limit: num.optional(),
  failures: z.array(z.object({ reason: z.string(), measured: num, limit: num })).optional(),
  rejected: z.array(photoRejectionSchema).optional(),
  faces: int.optional()
})

const match = z.object({ residentId: z.string(), name: z.string(), distance: num })

/** What NEEDS_CONFIRMATION asks the administrator. */
export const confirmationDetailsSchema = z.discriminatedUnion('kind', [
  /** "This face looks like Kian: same person?" (a new resident). */
  z.object({ kind: z.literal('duplicate'), matches: z.array(match).min(1), threshold: num }),
  /** Two photos of one request do not look like one person (indexes within the request). */
  z.object({ kind: z.literal('inconsistent-photos'), photos: z.array(int).length(2), distance: num, threshold: num }),
  /** A photo added to a resident looks like another resident. */
  z.object({ kind: z.literal('other-resident'), index: int, residentId: z.string(), name: z.string(), distance: num, threshold: num }),
  /** A photo added to a resident does not look like their other photos. */
  z.object({ kind: z.literal('not-this-resident'), index: int, distance: num, threshold: num })
])

const none = z.undefined()

/** Why the renderer's transport cannot reach main (DISCONNECTED's details): a code the UI words. */
export const CONNECTION_LOSSES = ['lost', 'unreachable', 'no-token'] as const
export type ConnectionLoss = (typeof CONNECTION_LOSSES)[number]

export const ERROR_DETAILS = {
  INVALID_PAYLOAD: z.object({
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    /** The setting the error is about (e.g. 'door', 'door.headers'). */
    field: z.string().optional()
  }),
  UNKNOWN_CHANNEL: none,
  FORBIDDEN: z.object({ attemptsLeft: int.optional(), reason: z.literal('setup-code').optional() }),
  INTERNAL: none,
  DISCONNECTED: z.object({ reason: z.enum(CONNECTION_LOSSES) }),
  EMPTY_INPUT: photoFailure,
  DECODE_FAILED: photoFailure,
  UNSUPPORTED_IMAGE: photoFailure,
  IMAGE_TOO_LARGE: photoFailure.extend({ width: int.optional(), height: int.optional(), maxPixels: int.optional() }),
  NO_FACE: photoFailure,
  MULTIPLE_FACES: photoFailure,
  QUALITY_REJECTED: photoFailure,
  MODELS_MISSING: z.object({ file: z.string() }),
  MODELS_CORRUPT: z.object({ file: z.string() }),
  ENGINE_UNAVAILABLE: none,
  NOT_FOUND: none,
  /** A name already taken: who has it, so the UI can say so and offer to add the photos to them. */
  CONFLICT: z.object({ kind: z.literal('name'), name: z.string(), residentId: z.string() }),
  NEEDS_CONFIRMATION: confirmationDetailsSchema,
  /** A biometric key problem (see BiometricKeyError) when the data cannot be opened. */
  STORE_CORRUPT: z.object({ problem: z.string() }),
  LOCKED: z.object({ lockedUntil: num }),
  DOOR_FAILED: z.object({ driver: z.string(), code: z.string().optional(), attempts: int.optional() })
} as const satisfies Record<string, z.ZodType>

/** Details of refused photos (enrollment's per-photo and whole-request refusals). */
export type PhotoFailureDetails = z.infer<typeof photoFailure>

/** Errors about the photos themselves: their details are PhotoFailureDetails. */
export const PHOTO_ERROR_CODES = ['EMPTY_INPUT', 'DECODE_FAILED', 'UNSUPPORTED_IMAGE', 'IMAGE_TOO_LARGE', 'NO_FACE', 'MULTIPLE_FACES', 'QUALITY_REJECTED'] as const
export type PhotoErrorCode = (typeof PHOTO_ERROR_CODES)[number]

export type ErrorDetailsMap = { [C in keyof typeof ERROR_DETAILS]: z.infer<(typeof ERROR_DETAILS)[C]> }
