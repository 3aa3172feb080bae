import { z } from 'zod'
import { finite, idSchema, withAdmin } from './common'
import { livenessEvidenceSchema } from './kiosk'

export const ACCESS_RESULTS = ['granted', 'denied', 'manual', 'door-failed'] as const

export const accessEventSchema = z.object({
  id: idSchema,
  time: z.string(),
  mode: z.string(),
  claimedResidentId: z.string().nullable(),
  claimedName: z.string().nullable(),
  residentId: z.string().nullable(),
  name: z.string().nullable(),
  distance: finite.nullable(),
  margin: finite.nullable(),
  frames: z.number().int().nullable(),
  liveness: livenessEvidenceSchema.nullable(),
  result: z.string(),
  reason: z.string().nullable(),
  doorOutcome: z.string().nullable(),
  hasSnapshot: z.boolean()
})
export type AccessEventDto = z.infer<typeof accessEventSchema>

const filters = {
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  residentId: idSchema.optional(),
  result: z.string().max(32).optional()
}

export const logVerbs = {
  queryLog: {
    request: withAdmin({ ...filters, limit: z.number().int().min(1).max(500).optional(), offset: z.number().int().min(0).optional() }),
    response: z.object({ events: z.array(accessEventSchema), total: z.number().int() })
  },
  exportLogCsv: { request: withAdmin(filters), response: z.object({ csv: z.string() }) },
  getSnapshot: { request: withAdmin({ eventId: idSchema }), response: z.object({ jpeg: z.instanceof(Uint8Array) }) }
} as const
