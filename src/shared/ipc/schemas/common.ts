import { z } from 'zod'

/** Largest encoded image accepted over IPC (a phone photo); bigger files are refused before decoding. */
export const MAX_IMAGE_BYTES = 25 * 1024 * 1024
/** Photos in one enrollment request (the admin UI uploads several at once, with progress per batch). */
export const MAX_PHOTOS_PER_REQUEST = 20

export const empty = z.object({}).strict()
export const idSchema = z.string().min(1).max(64)
/** Names are checked again by the store (control characters, path separators). */
export const nameSchema = z.string().trim().min(1).max(80)
/** Raw bytes (Electron IPC and the WebSocket wire format both deliver Uint8Array, Buffer in Node). */
export const bytesSchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes (Uint8Array)')
export const imageBytesSchema = bytesSchema
  .refine((b) => b.length > 0, 'image is empty')
  .refine((b) => b.length <= MAX_IMAGE_BYTES, `image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MiB`)
export const finite = z.number().finite()
/** Administrator session token returned by unlockAdmin/setupPin; required by every admin verb. */
export const adminTokenSchema = z.string().min(16).max(128)
export const withAdmin = <T extends z.ZodRawShape>(shape: T) => z.object({ token: adminTokenSchema, ...shape }).strict()

export const boxSchema = z.object({ x: finite, y: finite, width: finite, height: finite })
export type BoxDto = z.infer<typeof boxSchema>

/**
 * A new PIN (first run, change): 6 to 12 digits. A shorter PIN stored by an older version keeps
 * unlocking (unlockAdmin and changePin's current PIN take any string) until it is changed.
 */
export const PIN_PATTERN = /^\d{6,12}$/
export const pinSchema = z.string().regex(PIN_PATTERN, 'PIN must be 6 to 12 digits')
