import { z } from 'zod'
import { EVENT_NAMES as EVENT_NAME_LIST, VERB_NAMES, type EventNameList, type VerbName } from './channels'
import { adminVerbs } from './schemas/admin'
import { empty } from './schemas/common'
import { decisionSchema, kioskConfigSchema, kioskVerbs } from './schemas/kiosk'
import { logVerbs } from './schemas/log'
import { residentVerbs } from './schemas/residents'
import { settingsVerbs } from './schemas/settings'
import { SENSITIVITY_PRESETS } from '../settings'

/**
 * The one IPC contract between the renderer and the main process.
 * Both transports (Electron IPC and the browser host's WebSocket) carry exactly these verbs and events.
 * Request schemas are validated in main before any feature code runs; responses are typed from the same schemas.
 */

export const engineStateSchema = z.enum(['idle', 'loading', 'ready', 'error'])
export const doorStateSchema = z.enum(['locked', 'unlocking', 'open', 'relocking', 'failed'])

export const statusSchema = z.object({
  app: z.object({ name: z.string(), version: z.string() }),
  transport: z.enum(['electron', 'websocket']),
  engine: z.object({
    state: engineStateSchema,
    modelId: z.string().nullable(),
    /** Error code when state is 'error' (e.g. MODELS_MISSING), for the full-screen message. */
    code: z.string().nullable(),
    message: z.string().nullable()
  }),
  door: z.object({ state: doorStateSchema, message: z.string().nullable() }),
  residents: z.number().int().nonnegative(),
  /** The access log's hash chain as checked at start: a break is reported here, never silently accepted. */
  auditLog: z.object({ intact: z.boolean(), message: z.string().nullable() }),
  /**
   * What each sensitivity preset means with the current gallery (computed in main): expected false
   * opens per stranger attempt; null until the face model's calibration is known.
   */
  openSet: z
    .object({
      residents: z.number().int().nonnegative(),
      embeddings: z.number().int().nonnegative(),
      strangerRate: z.record(z.enum(SENSITIVITY_PRESETS), z.number().min(0).max(1))
    })
    .nullable()
})
export type Status = z.infer<typeof statusSchema>

export const doorEventSchema = z.object({
  state: doorStateSchema,
  /** Who it opened for, when it opened for a resident. */
  name: z.string().nullable(),
  message: z.string().nullable()
})
export type DoorEvent = z.infer<typeof doorEventSchema>

export const verbs = {
  ping: { request: empty, response: z.object({ pong: z.literal(true), time: z.number() }) },
  getStatus: { request: empty, response: statusSchema },
  ...kioskVerbs,
  ...adminVerbs,
  ...residentVerbs,
  ...logVerbs,
  ...settingsVerbs
} as const satisfies Record<VerbName, { request: z.ZodType; response: z.ZodType }>

export const events = {
  status: statusSchema,
  door: doorEventSchema,
  decision: decisionSchema,
  kioskConfig: kioskConfigSchema
} as const satisfies Record<EventNameList, z.ZodType>

export type Verb = keyof typeof verbs
export type EventName = keyof typeof events
export type RequestOf<V extends Verb> = z.input<(typeof verbs)[V]['request']>
export type ParsedRequestOf<V extends Verb> = z.output<(typeof verbs)[V]['request']>
export type ResponseOf<V extends Verb> = z.infer<(typeof verbs)[V]['response']>
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>

// Both directions of the name check: every listed name has a schema and every schema is listed.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const verbNamesMatch: Exact<Verb, VerbName> = true
const eventNamesMatch: Exact<EventName, EventNameList> = true
void verbNamesMatch
void eventNamesMatch

export const VERBS: readonly Verb[] = VERB_NAMES
export const EVENT_NAMES: readonly EventName[] = EVENT_NAME_LIST

export type { Decision, FrameResult, FrameFace, KioskConfig } from './schemas/kiosk'
export type { AdminState, AdminSession } from './schemas/admin'
export type { ResidentDto, EnrollResult } from './schemas/residents'
export type { AccessEventDto } from './schemas/log'
