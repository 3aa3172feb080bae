import { z } from 'zod'
import { isBase64 } from './codec'
import { livenessModeSchema, settingsSchema } from '../../shared/settings'
import { AUDIT_ACTIONS } from '../../shared/ipc/schemas/log'

/** Bumped whenever the stored shape changes; older files are migrated in `migrations.ts`. */
export const SCHEMA_VERSION = 1

const isoTime = z.iso.datetime({ offset: true })
const base64 = z.string().refine(isBase64, 'not base64')
const finite = z.number().finite()

export const PHOTO_SOURCES = ['file', 'camera'] as const
export type PhotoSource = (typeof PHOTO_SOURCES)[number]

/** Face-quality figures measured at enrollment (kept to explain and to re-check later). */
export const photoQualitySchema = z.object({
  faceSizePx: finite.nonnegative(),
  sharpness: finite.nonnegative(),
  yawDeg: finite,
  rollDeg: finite,
  brightness: finite.min(0).max(255),
  detectorScore: finite.min(0).max(1),
  liveness: finite.min(0).max(1).nullable()
})
export type PhotoQuality = z.infer<typeof photoQualitySchema>

export const storedPhotoSchema = z.object({
  id: z.uuid(),
  /** Embedding model that made `embedding`; other models' embeddings are never compared. */
  modelId: z.string().min(1).max(200),
  embedding: base64.refine((s) => s.length > 0, 'empty embedding'),
  quality: photoQualitySchema,
  thumbnail: base64,
  source: z.enum(PHOTO_SOURCES),
  addedAt: isoTime
})
export type StoredPhoto = z.infer<typeof storedPhotoSchema>

export const storedResidentSchema = z.object({
  id: z.uuid(),
  name: z.string().min(1).max(200),
  createdAt: isoTime,
  updatedAt: isoTime,
  photos: z.array(storedPhotoSchema)
})
export type StoredResident = z.infer<typeof storedResidentSchema>

/**
 * Outcome of an attempt: the access decider's final results (granted, denied, locked-out), a
 * manual opening by an administrator, a grant whose door driver failed, and 'admin' for the audit
 * trail of administration (its `action` says what).
 */
export const ACCESS_RESULTS = ['granted', 'denied', 'locked-out', 'manual', 'door-failed', 'admin'] as const

/** What an audit entry (result 'admin') records: never a secret value, only which keys or whom. */
export { AUDIT_ACTIONS }
export type AuditAction = (typeof AUDIT_ACTIONS)[number]
export type AccessResult = (typeof ACCESS_RESULTS)[number]

export const LIVENESS_STATUSES = ['off', 'not-evaluated', 'pass', 'fail', 'unsure'] as const

export const doorOutcomeSchema = z.object({
  /** Driver kind that was asked to open (simulated, webhook, command). */
  driver: z.string().min(1).max(40),
  ok: z.boolean(),
  /** Short, non-biometric description (HTTP status, exit code, error message). */
  detail: z.string().max(2000).nullable().default(null),
  durationMs: finite.nonnegative().nullable().default(null)
})

/** The K-of-N frame agreement behind the decision. */
export const framesSchema = z.object({
  agreeing: z.number().int().nonnegative(),
  considered: z.number().int().nonnegative(),
  required: z.number().int().nonnegative()
})

export const eventLivenessSchema = z.object({
  status: z.enum(LIVENESS_STATUSES),
  /** Mean p(live) of the judged frames, when they carried one. */
  score: finite.min(0).max(1).nullable(),
  /** Liveness mode in force (entries written before the liveness work have none). */
  mode: livenessModeSchema.optional(),
  /** The evidence: passive window figures, challenge steps. */
  detail: z.string().max(500).optional()
})

export const accessEventSchema = z.object({
  id: z.uuid(),
  time: isoTime,
  mode: z.enum(['identification', 'verification']),
  claimedResidentId: z.uuid().nullable(),
  claimedResidentName: z.string().max(200).nullable(),
  decidedResidentId: z.uuid().nullable(),
  decidedResidentName: z.string().max(200).nullable(),
  /** Distance to the decided (or best candidate / claimed) resident; null when no face or gallery. */
  distance: finite.nonnegative().nullable(),
  /** Second-best distance minus best; null when there is no second resident. */
  margin: finite.nullable(),
  /** Threshold that was applied (of the active sensitivity preset). */
  threshold: finite.nonnegative().nullable().default(null),
  frames: framesSchema.nullable(),
  liveness: eventLivenessSchema.nullable(),
  result: z.enum(ACCESS_RESULTS),
  /** Machine reason code of the decision (e.g. 'not-recognised', 'claim-mismatch'). */
  reason: z.string().max(64).nullable().default(null),
  /** Human sentence explaining the decision (no biometric data). */
  message: z.string().max(500).nullable().default(null),
  doorOutcome: doorOutcomeSchema.nullable(),
  /** File name in the snapshots folder, while retention keeps it. */
  snapshot: z.string().regex(/^[0-9a-f-]{36}\.jpg$/).nullable().default(null),
  /** The claimed resident was deleted later: id and name were erased. */
  claimedDeleted: z.boolean().default(false),
  /** The decided resident was deleted later: id and name were erased. */
  decidedDeleted: z.boolean().default(false),
  /** Audit entries (result 'admin', and manual opens): what was done. */
  action: z.enum(AUDIT_ACTIONS).nullable().default(null),
  /** Who did it: 'administrator <session ref>' (a short digest of the session, never the token), 'kiosk'. */
  actor: z.string().max(80).nullable().default(null),
  /** This entry's link of the access log's hash chain (see audit-chain.ts); null only before chaining. */
  chain: z.string().max(128).nullable().default(null)
})
export type AccessEvent = z.infer<typeof accessEventSchema>

export const databaseSchema = z.object({
  version: z.literal(SCHEMA_VERSION),
  /** Which BiometricCodec wrote the biometric fields. */
  biometricCodec: z.string().min(1),
  residents: z.array(storedResidentSchema),
  settings: settingsSchema,
  events: z.array(accessEventSchema),
  /** The chain value before the first kept event (moves forward when old events are dropped). */
  eventsChainStart: z.string().max(128).default('')
})
export type DatabaseData = z.infer<typeof databaseSchema>

export function emptyDatabase(codecId: string): DatabaseData {
  return { version: SCHEMA_VERSION, biometricCodec: codecId, residents: [], settings: settingsSchema.parse({}), events: [], eventsChainStart: '' }
}
