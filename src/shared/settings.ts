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

/**
 * Liveness (anti-spoofing) before a grant, from the weakest to the strictest:
 * - off: not checked;
 * - passive: the passive model over the last seconds of the face; a spoof is refused, unsure waits;
 * - challenge-if-unsure: the same, but when the passive model is unsure (dim light, a face without
 *   context) the kiosk asks for a blink or a small head turn;
 * - always-challenge: every grant also needs the challenge (and a passive spoof is still refused).
 */
export const LIVENESS_MODES = ['off', 'passive', 'challenge-if-unsure', 'always-challenge'] as const
export type LivenessMode = (typeof LIVENESS_MODES)[number]
export const DEFAULT_LIVENESS_MODE: LivenessMode = 'challenge-if-unsure'

/**
 * Modes stored before the liveness calibration, read as their closest new mode: 'required' (a spoof
 * refused, unsure waits) is exactly 'passive'; 'log' (the old default, which never blocked anything)
 * becomes the new default, so an installation that kept the default gets the protection.
 */
export const LEGACY_LIVENESS_MODES: Readonly<Record<string, LivenessMode>> = { log: DEFAULT_LIVENESS_MODE, required: 'passive' }

export function migrateLivenessMode(value: unknown): unknown {
  return typeof value === 'string' && Object.hasOwn(LEGACY_LIVENESS_MODES, value) ? LEGACY_LIVENESS_MODES[value] : value
}

/** A liveness mode, accepting the legacy names (stored settings stay valid). */
export const livenessModeSchema = z.preprocess(migrateLivenessMode, z.enum(LIVENESS_MODES))

/** What an active liveness challenge may ask for: a blink, or a small head turn to the person's own left or right. */
export const CHALLENGE_KINDS = ['blink', 'turn-left', 'turn-right'] as const
export type ChallengeKind = (typeof CHALLENGE_KINDS)[number]

export const LANGUAGES = ['en', 'vi'] as const
export type Language = (typeof LANGUAGES)[number]

const MAX_TIMEOUT_MS = 120_000
const MAX_RETRIES = 10
const MAX_HEADERS = 32
const httpUrl = z.url({ protocol: /^https?$/ }).max(2048)

const simulatedDoorSchema = z.object({ kind: z.literal('simulated') })

/**
 * What the API shows instead of a webhook header's value ("a value is set"); sent back unchanged,
 * it keeps the stored value. Header values are stored sealed with the biometric key.
 */
export const WEBHOOK_SECRET_PLACEHOLDER = '••••••'

const webhookDoorSchema = z.object({
  kind: z.literal('webhook'),
  url: httpUrl,
  method: z.enum(['POST', 'GET']).default('POST'),
  headers: z
    // Values up to 4 KiB; stored sealed (base64 with a header), hence the larger bound.
    .record(z.string().min(1).max(256), z.string().max(6144))
    .refine((h) => Object.keys(h).length <= MAX_HEADERS, `At most ${MAX_HEADERS} headers`)
    .default({}),
  /** JSON body template for POST (the door helper fills it). */
  body: z.string().max(16_384).optional(),
  /**
   * Lock action, for locks that do not relock by themselves: called when the relock time is over,
   * when the kiosk starts and when it shuts down (same method and headers as the open request).
   */
  lockUrl: httpUrl.optional(),
  lockBody: z.string().max(16_384).optional(),
  /**
   * What "Test the door" calls: a request that shows the lock answers without opening it (a status
   * page, Home Assistant's GET /api/), sent with GET and the same headers. Without it, nothing is tested.
   */
  testUrl: httpUrl.optional(),
  timeoutMs: z.number().int().min(100).max(MAX_TIMEOUT_MS).default(5_000),
  retries: z.number().int().min(0).max(MAX_RETRIES).default(2)
})

/** Names of door programs declared by the operator in `<data>/door-commands.json`. */
export const DOOR_COMMAND_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/**
 * The command driver runs a program the operator declared in `<data>/door-commands.json` (path,
 * arguments, lock and test programs, timeout); the settings only choose it by name, so the settings
 * screen cannot make the kiosk run an arbitrary program. '' = none chosen yet.
 */
const commandDoorSchema = z.object({
  kind: z.literal('command'),
  name: z.string().max(64).refine((n) => n === '' || DOOR_COMMAND_NAME.test(n), 'a door program name: letters, digits, . _ -')
})

/**
 * Door settings stored before programs were declared by the operator held the program and its
 * arguments: read as "no program chosen" (the operator declares it, then the administrator picks it).
 */
export function migrateDoorSettings(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  const door = value as Record<string, unknown>
  return door.kind === 'command' && !('name' in door) ? { kind: 'command', name: '' } : value
}

export const doorDriverSchema = z.discriminatedUnion('kind', [simulatedDoorSchema, webhookDoorSchema, commandDoorSchema])
export type DoorDriverConfig = z.infer<typeof doorDriverSchema>

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
  /**
   * The PIN verifier (scrypt output), sealed with the biometric key by the codec named in
   * `pinCodec` (AES-GCM): a copied database without the key gives nothing to brute-force offline.
   * `pinCodec` null: an unsealed verifier written before sealing existed (sealed at the next start).
   */
  pinHash: z.string().max(512).nullable().default(null),
  pinSalt: z.string().max(512).nullable().default(null),
  pinCodec: z.string().max(64).nullable().default(null),
  failedAttempts: z.number().int().min(0).default(0),
  lockedUntil: z.iso.datetime().nullable().default(null),
  /** Lockouts since the last correct PIN: each doubles the next delay. */
  lockouts: z.number().int().min(0).default(0)
})

export const settingsSchema = z.object({
  mode: z.enum(ACCESS_MODES).default('identification'),
  sensitivity: z.enum(SENSITIVITY_PRESETS).default('balanced'),
  /**
   * Time over which the camera frames must agree on a resident before the door opens; the number of
   * frames follows the kiosk's measured frame rate. (Replaces the old frame-count setting, which is
   * dropped when read: at a slow frame rate a count of frames could never be met in time.)
   */
  confirmMs: z.number().int().min(0).max(10_000).default(500),
  liveness: livenessModeSchema.default(DEFAULT_LIVENESS_MODE),
  /** Time the door stays open before relocking. */
  relockMs: z.number().int().min(500).max(600_000).default(5_000),
  /** No new decision for this long after an opening. */
  cooldownMs: z.number().int().min(0).max(600_000).default(3_000),
  door: z.preprocess(migrateDoorSettings, doorDriverSchema).default({ kind: 'simulated' }),
  snapshotRetention: snapshotRetentionSchema.prefault({}),
  accessLog: accessLogSchema.prefault({}),
  camera: z.object({ deviceId: z.string().max(512).nullable().default(null) }).prefault({}),
  language: z.enum(LANGUAGES).default('en'),
  /**
   * Verification mode: residents claim by tapping their name in a list (or typing it). Off: only by
   * their badge code (shown on their page in Residents); the kiosk never lists who lives here, and a
   * code that matches nobody counts as a failed claim, so codes cannot be guessed at speed.
   */
  claimByName: z.boolean().default(true),
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
    confirmMs: z.number().int(),
    liveness: livenessModeSchema,
    relockMs: z.number().int(),
    cooldownMs: z.number().int(),
    door: doorDriverSchema,
    snapshotRetention: z.object({ enabled: z.boolean(), days: z.number().int(), count: z.number().int() }).partial(),
    accessLog: z.object({ maxEvents: z.number().int() }).partial(),
    camera: z.object({ deviceId: z.string().max(512).nullable() }).partial(),
    language: z.enum(LANGUAGES),
    claimByName: z.boolean()
  })
  .partial()
  .strict()
