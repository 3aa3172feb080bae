import { z } from 'zod'
import type { Settings } from '../../shared/settings'
import { parseOrThrow } from '../../shared/validate'

/**
 * Door settings: the controller's timings and the driver, one validated discriminated union.
 * Every timing, retry count and record size lives here, never as a literal in the drivers.
 */

/** Variables usable as {{name}} in webhook bodies and command arguments. */
export const TEMPLATE_VARIABLES = ['requestId', 'trigger', 'residentId', 'by', 'at'] as const
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number]

const TEMPLATE_TOKEN = /\{\{\s*([A-Za-z]+)\s*\}\}/g

/** A template may only name known variables, so a typo is caught when settings are saved. */
const templateString = z.string().superRefine((value, ctx) => {
  for (const match of value.matchAll(TEMPLATE_TOKEN)) {
    if (!(TEMPLATE_VARIABLES as readonly string[]).includes(match[1])) {
      ctx.addIssue({
        code: 'custom',
        message: `Unknown template variable {{${match[1]}}}: use one of ${TEMPLATE_VARIABLES.join(', ')}`
      })
    }
  }
})

const httpUrl = z
  .string()
  .refine((value) => {
    try {
      const protocol = new URL(value).protocol
      return protocol === 'http:' || protocol === 'https:'
    } catch {
      return false
    }
  }, 'Must be an http:// or https:// URL')

export const webhookRequestSchema = z
  .object({
    url: httpUrl,
    method: z.enum(['POST', 'GET']).default('POST'),
    /** E.g. { Authorization: "Bearer <Home Assistant long-lived token>" }. Never recorded in outcomes. */
    headers: z.record(z.string(), z.string()).default({}),
    /** Request body with {{variables}}; values are JSON-escaped when Content-Type mentions json. */
    bodyTemplate: templateString.optional()
  })
  .refine((r) => !(r.method === 'GET' && r.bodyTemplate !== undefined), 'A GET request cannot have a body')

export const webhookDriverSchema = z.object({
  kind: z.literal('webhook'),
  open: webhookRequestSchema,
  /** For locks that need an explicit "lock" call; omit for strikes/relays that relock themselves. */
  close: webhookRequestSchema.optional(),
  /** Reachability check for the settings page (e.g. Home Assistant's GET /api/). */
  test: webhookRequestSchema.optional(),
  timeoutMs: z.number().int().min(50).max(60_000).default(3000),
  /** Extra attempts after the first on timeout, connection error, 408, 429 or 5xx. */
  retries: z.number().int().min(0).max(10).default(2),
  /** Backoff before retry n is retryBackoffMs * 2^(n-1). */
  retryBackoffMs: z.number().int().min(0).max(30_000).default(250),
  /** Response body characters kept in the outcome. */
  recordChars: z.number().int().min(0).max(10_000).default(200),
  /** Set when the operator's file does not allow this destination: every action fails with it. */
  unavailable: z.string().optional(),
  /**
   * Connect only to public addresses, checked at every request (the operator lists no destinations:
   * see webhookUrlRefusal). Listed destinations are trusted as listed.
   */
  publicOnly: z.boolean().default(false)
})

export const commandSpecSchema = z.object({
  /** Program path or name on PATH; run with execFile, no shell. */
  program: z.string().min(1),
  /** Arguments with {{variables}}; each stays one argument (no shell splitting). */
  args: z.array(templateString).default([])
})

export const commandDriverSchema = z.object({
  kind: z.literal('command'),
  /** Absent only with `unavailable` (the chosen program is not declared by the operator). */
  open: commandSpecSchema.optional(),
  close: commandSpecSchema.optional(),
  test: commandSpecSchema.optional(),
  timeoutMs: z.number().int().min(50).max(120_000).default(5000),
  /** stderr characters kept in the outcome (the last ones: errors come at the end). */
  recordChars: z.number().int().min(0).max(10_000).default(200),
  /** Set when the chosen program is not declared in the operator's file: every action fails with it. */
  unavailable: z.string().optional()
}).refine((c) => c.open !== undefined || c.unavailable !== undefined, 'A command driver needs an open program')

export const simulatedDriverSchema = z.object({
  kind: z.literal('simulated'),
  /** Pretend actuation time, so the UI's "unlocking" state is visible in demos. */
  latencyMs: z.number().int().min(0).max(10_000).default(0)
})

export const doorDriverConfigSchema = z.discriminatedUnion('kind', [
  simulatedDriverSchema,
  webhookDriverSchema,
  commandDriverSchema
])

export const doorConfigSchema = z.object({
  driver: doorDriverConfigSchema.prefault({ kind: 'simulated' }),
  /** How long the door stays open before it relocks. */
  relockMs: z.number().int().min(100).max(600_000).default(5000),
  /** How long the failure stays on screen before the state returns to locked. */
  failureHoldMs: z.number().int().min(100).max(600_000).default(5000)
})

export type WebhookRequestConfig = z.infer<typeof webhookRequestSchema>
export type WebhookDriverConfig = z.infer<typeof webhookDriverSchema>
export type CommandSpec = z.infer<typeof commandSpecSchema>
export type CommandDriverConfig = z.infer<typeof commandDriverSchema>
export type SimulatedDriverConfig = z.infer<typeof simulatedDriverSchema>
export type DoorDriverConfig = z.infer<typeof doorDriverConfigSchema>
export type DoorConfig = z.infer<typeof doorConfigSchema>
/** What settings may hold: defaults filled in by parseDoorConfig. */
export type DoorConfigInput = z.input<typeof doorConfigSchema>

export const DEFAULT_DOOR_CONFIG: DoorConfig = doorConfigSchema.parse({})

/** Validates door settings; throws a typed INVALID_PAYLOAD naming the first bad field. */
export function parseDoorConfig(input: unknown): DoorConfig {
  return parseOrThrow(doorConfigSchema, input ?? {}, 'door settings')
}

/** The kiosk settings that drive the door (the stored, shared settings schema). */
export type DoorSettings = Pick<Settings, 'door' | 'relockMs'>

/**
 * Door config from the stored kiosk settings: their flat driver entry becomes this module's
 * open action. The command driver's programs come from the operator's file (`resolveDoorConfig`
 * passes them as overrides): the settings only name one. Expert fields the settings do not hold
 * (test actions, backoff) can be passed as overrides of the driver.
 */
export function doorConfigFromSettings(settings: DoorSettings, driverOverrides: Record<string, unknown> = {}): DoorConfig {
  const door = settings.door
  const driver =
    door.kind === 'webhook'
      ? {
          kind: 'webhook',
          open: { url: door.url, method: door.method, headers: door.headers, bodyTemplate: door.body },
          ...(door.lockUrl ? { close: { url: door.lockUrl, method: door.method, headers: door.headers, bodyTemplate: door.lockBody } } : {}),
          // A test must not open the door: always GET, never a body.
          ...(door.testUrl ? { test: { url: door.testUrl, method: 'GET', headers: door.headers } } : {}),
          timeoutMs: door.timeoutMs,
          retries: door.retries
        }
      : door.kind === 'command'
        ? { kind: 'command', unavailable: door.name ? `no door program named "${door.name}" is declared by the operator (door-commands.json)` : 'no door program chosen' }
        : { kind: 'simulated' }
  return parseDoorConfig({ relockMs: settings.relockMs, driver: { ...driver, ...driverOverrides } })
}
