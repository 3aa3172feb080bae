import { z } from 'zod'
import { bytesSchema, finite, idSchema, withAdmin } from './common'
import { livenessEvidenceSchema } from './kiosk'

export const ACCESS_RESULTS = ['granted', 'denied', 'locked-out', 'manual', 'door-failed', 'admin'] as const
/** What an administration entry of the audit trail (result 'admin') records. */
export const AUDIT_ACTIONS = [
  'settings-changed',
  'pin-changed',
  'pin-change-failed',
  'unlock-failed',
  'admin-locked-out',
  'door-test',
  'resident-enrolled',
  'photos-added',
  'photo-removed',
  'resident-renamed',
  'resident-deleted',
  'log-tampered',
  'log-chained'
] as const

/** One access-log entry as the admin screens see it (the snapshot is fetched separately). */
export const accessEventSchema = z.object({
  id: idSchema,
  time: z.string(),
  mode: z.enum(['identification', 'verification']),
  claimedResidentId: z.string().nullable(),
  claimedName: z.string().nullable(),
  residentId: z.string().nullable(),
  name: z.string().nullable(),
  /** The resident was deleted later: their id and name were erased from this entry. */
  residentDeleted: z.boolean(),
  distance: finite.nullable(),
  margin: finite.nullable(),
  threshold: finite.nullable(),
  frames: z.object({ agreeing: z.number().int(), considered: z.number().int(), required: z.number().int() }).nullable(),
  liveness: livenessEvidenceSchema.nullable(),
  result: z.enum(ACCESS_RESULTS),
  /** Machine reason code (translated by the UI) and the English sentence main wrote. */
  reason: z.string().nullable(),
  message: z.string().nullable(),
  doorOutcome: z
    .object({ driver: z.string(), ok: z.boolean(), detail: z.string().nullable(), durationMs: finite.nullable() })
    .nullable(),
  hasSnapshot: z.boolean(),
  /** Audit entries: what was done and by whom (an administrator session reference, 'kiosk'). */
  action: z.enum(AUDIT_ACTIONS).nullable(),
  actor: z.string().nullable()
})
export type AccessEventDto = z.infer<typeof accessEventSchema>

const filters = {
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  residentId: idSchema.optional(),
  result: z.enum(ACCESS_RESULTS).optional(),
  action: z.enum(AUDIT_ACTIONS).optional()
}

export const logVerbs = {
  queryLog: {
    request: withAdmin({ ...filters, limit: z.number().int().min(1).max(500).optional(), offset: z.number().int().min(0).optional() }),
    response: z.object({ events: z.array(accessEventSchema), total: z.number().int() })
  },
  exportLogCsv: { request: withAdmin(filters), response: z.object({ csv: z.string() }) },
  getSnapshot: { request: withAdmin({ eventId: idSchema }), response: z.object({ jpeg: bytesSchema }) }
} as const
