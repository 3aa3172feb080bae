import { z } from 'zod'

// Shared by main (store validation) and the renderer (settings screens); the admin secrets never
// leave main: see `publicSettingsSchema`.

/**
 * Kiosk settings with their defaults. `settingsSchema.parse({})` gives a complete default set;
 * every stored or updated value goes through this schema.
 */

export const ACCESS_MODES = ['identification', 'verification'] as const
export type AccessMode = (typeof ACCESS_MODES)[number]

/** Like commercial terminals: from "most secure" (fewest false accepts) to "most convenient". */
export const SENSITIVITY_PRESETS = ['most-secure', 'secure', 'balanced', 'convenient', 'most-convenient'] as const
export type SensitivityPreset = (typeof SENSITIVITY_PRESETS)[number]

/** off: not computed; log: computed and logged, never blocks; required: a spoof is refused. */
export const LIVENESS_MODES = ['off', 'log', 'required'] as const
export type LivenessMode = (typeof LIVENESS_MODES)[number]

export const LANGUAGES = ['en', 'vi'] as const
export type Language = (typeof LANGUAGES)[number]

const MAX_TIMEOUT_MS = 120_000
const MAX_RETRIES = 10
const MAX_HEADERS = 32
const httpUrl = z.url({ protocol: /^https?$/ }).max(2048)

const simulatedDoorSchema = z.object({ kind: z.literal('simulated') })

const webhookDoorSchema = z.object({
  kind: z.literal('webhook'),
  url: httpUrl,
  method: z.enum(['POST', 'GET']).default('POST'),
  headers: z
    .record(z.string().min(1).max(256), z.string().max(4096))
    .refine((h) => Object.keys(h).length <= MAX_HEADERS, `At most ${MAX_HEADERS} headers`)
    .default({}),
  /** JSON body template for POST (the door helper fills it). */
  body: z.string().max(16_384).optional(),
  timeoutMs: z.number().int().min(100).max(MAX_TIMEOUT_MS).default(5_000),
  retries: z.number().int().min(0).max(MAX_RETRIES).default(2)
})

const commandDoorSchema = z.object({
  kind: z.literal('command'),
  /** Program to run (absolute path recommended), never through a shell. */
  command: z.string().min(1).max(4096),
  args: z.array(z.string().max(4096)).max(64).default([]),
  timeoutMs: z.number().int().min(100).max(MAX_TIMEOUT_MS).default(10_000)
})

export const doorDriverSchema = z.discriminatedUnion('kind', [simulatedDoorSchema, webhookDoorSchema, commandDoorSchema])
export type DoorDriverConfig = z.infer<typeof doorDriverSchema>

const framesToAgreeSchema = z
  .object({
    /** K agreeing frames ... */
    k: z.number().int().min(1).max(30).default(3),
    /** ... among the last N ... */
    n: z.number().int().min(1).max(60).default(5),
    /** ... within this window. */
    windowMs: z.number().int().min(100).max(30_000).default(2_000)
  })
  .refine((f) => f.k <= f.n, { message: 'framesToAgree.k must be <= framesToAgree.n', path: ['k'] })

const snapshotRetentionSchema = z.object({
  /** Keep snapshots of access attempts at all. */
  enabled: z.boolean().default(true),
  days: z.number().int().min(0).max(3650).default(30),
  count: z.number().int().min(0).max(100_000).default(1_000)
})

const accessLogSchema = z.object({
  /** Oldest events beyond this count are dropped, so the database stays small enough to rewrite. */
  maxEvents: z.number().int().min(100).max(100_000).default(10_000)
})

/** Administrator PIN (scrypt hash + per-install salt) and wrong-PIN lockout, surviving restarts. */
const adminSchema = z.object({
  pinHash: z.string().max(512).nullable().default(null),
  pinSalt: z.string().max(512).nullable().default(null),
  failedAttempts: z.number().int().min(0).default(0),
  lockedUntil: z.iso.datetime().nullable().default(null),
  /** Lockouts since the last correct PIN: each doubles the next delay. */
  lockouts: z.number().int().min(0).default(0)
})

export const settingsSchema = z.object({
  mode: z.enum(ACCESS_MODES).default('identification'),
  sensitivity: z.enum(SENSITIVITY_PRESETS).default('balanced'),
  framesToAgree: framesToAgreeSchema.prefault({}),
  liveness: z.enum(LIVENESS_MODES).default('log'),
  /** Time the door stays open before relocking. */
  relockMs: z.number().int().min(500).max(600_000).default(5_000),
  /** No new decision for this long after an opening. */
  cooldownMs: z.number().int().min(0).max(600_000).default(3_000),
  door: doorDriverSchema.default({ kind: 'simulated' }),
  snapshotRetention: snapshotRetentionSchema.prefault({}),
  accessLog: accessLogSchema.prefault({}),
  camera: z.object({ deviceId: z.string().max(512).nullable().default(null) }).prefault({}),
  language: z.enum(LANGUAGES).default('en'),
  admin: adminSchema.prefault({})
})

export type Settings = z.infer<typeof settingsSchema>

/** A partial update: nested objects are merged, `door` is replaced whole (its kind decides its fields). */
export type SettingsPatch = {
  [K in keyof Settings]?: K extends 'door' ? Settings[K] : Settings[K] extends object ? Partial<Settings[K]> : Settings[K]
}

export function defaultSettings(): Settings {
  return settingsSchema.parse({})
}

/** Settings as the admin screens see them: everything but the PIN hash and lockout bookkeeping. */
export const publicSettingsSchema = settingsSchema.omit({ admin: true })
export type PublicSettings = z.infer<typeof publicSettingsSchema>

/** A validated partial update from the admin screens (door replaced whole, other groups merged). */
export const settingsPatchSchema = z
  .object({
    mode: z.enum(ACCESS_MODES),
    sensitivity: z.enum(SENSITIVITY_PRESETS),
    framesToAgree: z.object({ k: z.number().int(), n: z.number().int(), windowMs: z.number().int() }).partial(),
    liveness: z.enum(LIVENESS_MODES),
    relockMs: z.number().int(),
    cooldownMs: z.number().int(),
    door: doorDriverSchema,
    snapshotRetention: z.object({ enabled: z.boolean(), days: z.number().int(), count: z.number().int() }).partial(),
    accessLog: z.object({ maxEvents: z.number().int() }).partial(),
    camera: z.object({ deviceId: z.string().max(512).nullable() }).partial(),
    language: z.enum(LANGUAGES)
  })
  .partial()
  .strict()
