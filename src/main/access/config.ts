import { z } from 'zod'
import { ACCESS_MODES, DEFAULT_LIVENESS_MODE, LIVENESS_MODES, livenessModeSchema, SENSITIVITY_PRESETS } from '../../shared/settings'
import type { AccessMode, LivenessMode, SensitivityPreset, Settings } from '../../shared/settings'
import { CHALLENGE_KINDS } from '../liveness/challenge'
import { parseOrThrow } from '../../shared/validate'

/**
 * Access-decision settings, one validated config: mode, sensitivity preset and what each preset
 * means, frame agreement, margins, liveness, cooldown and verification lockout.
 */

/** The presets, modes and liveness modes are the shared settings' own lists (one source for the UI). */
export { ACCESS_MODES, LIVENESS_MODES, SENSITIVITY_PRESETS }
export type { AccessMode, LivenessMode, SensitivityPreset }

/** Where a preset's threshold comes from: a calibrated FAR point ("far:1e-4") or the accuracy-optimal one. */
export const thresholdSourceSchema = z
  .string()
  .regex(/^(far:\d+e-\d+|accuracy)$/, 'Use "accuracy" or "far:<rate>", e.g. "far:1e-4"')
export type ThresholdSource = z.infer<typeof thresholdSourceSchema>

export const DEFAULT_PRESET_SOURCES: Record<SensitivityPreset, ThresholdSource> = {
  'most-secure': 'far:1e-5',
  secure: 'far:1e-4',
  balanced: 'far:1e-3',
  convenient: 'far:1e-2',
  'most-convenient': 'accuracy'
}

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS

const presetSourcesSchema = z.object({
  'most-secure': thresholdSourceSchema.default(DEFAULT_PRESET_SOURCES['most-secure']),
  secure: thresholdSourceSchema.default(DEFAULT_PRESET_SOURCES.secure),
  balanced: thresholdSourceSchema.default(DEFAULT_PRESET_SOURCES.balanced),
  convenient: thresholdSourceSchema.default(DEFAULT_PRESET_SOURCES.convenient),
  'most-convenient': thresholdSourceSchema.default(DEFAULT_PRESET_SOURCES['most-convenient'])
})

const agreementSchema = z
  .object({
    /** K: frames that must name the same resident and pass every check. */
    framesRequired: z.number().int().min(1).max(100).default(3),
    /** N: only the last N frames count. */
    windowFrames: z.number().int().min(1).max(100).default(5),
    /** T: only frames from the last T ms count (stale frames are dropped). */
    windowMs: z.number().int().min(50).max(60_000).default(2000)
  })
  .refine((a) => a.framesRequired <= a.windowFrames, 'framesRequired (K) cannot exceed windowFrames (N)')

/**
 * The active challenge. The yaw figures are on the engine's rough 5-point estimate: a frontal face
 * reads within about 10 degrees, a clear turn 30-90 (measured on the webm clips).
 */
const challengeSchema = z
  .object({
    /** Random steps per attempt. */
    steps: z.number().int().min(1).max(4).default(2),
    kinds: z
      .array(z.enum(CHALLENGE_KINDS))
      .min(1)
      .refine((k) => new Set(k).size === k.length, 'each kind once')
      .default([...CHALLENGE_KINDS]),
    /** Time for each step after its prompt appears. */
    stepTimeoutMs: z.number().int().min(1000).max(30_000).default(6000),
    /** Attempts, each a new random sequence, before access is refused. */
    attempts: z.number().int().min(1).max(5).default(2),
    turnMinDeg: z.number().min(5).max(80).default(20),
    frontalMaxDeg: z.number().min(1).max(40).default(12),
    eyesMaxYawDeg: z.number().min(1).max(60).default(25)
  })
  .refine((c) => c.frontalMaxDeg < c.turnMinDeg, { message: 'frontalMaxDeg must be below turnMinDeg', path: ['frontalMaxDeg'] })

const lockoutSchema = z.object({
  /** N failed verifications of the same claimed resident ... */
  maxFailures: z.number().int().min(1).max(100).default(3),
  /** ... within M ms lock that claim out. */
  windowMs: z.number().int().min(1000).default(5 * MINUTE_MS),
  /** First lockout duration; each further lockout multiplies it by growthFactor, up to maxMs. */
  baseMs: z.number().int().min(1000).default(MINUTE_MS),
  growthFactor: z.number().min(1).max(10).default(2),
  maxMs: z.number().int().min(1000).default(HOUR_MS),
  /** After this long without a lockout, the growth starts over. */
  resetAfterMs: z.number().int().min(1000).default(24 * HOUR_MS)
})

export const accessConfigSchema = z
  .object({
    mode: z.enum(ACCESS_MODES).default('identification'),
    preset: z.enum(SENSITIVITY_PRESETS).default('balanced'),
    presets: presetSourcesSchema.prefault({}),
    agreement: agreementSchema.prefault({}),
    /**
     * Identification: minimum L2 margin between the candidate and the second-nearest resident, so
     * look-alikes are not confused. Starting value, to be calibrated on the residents' look-alikes.
     */
    minMargin: z.number().min(0).max(4).default(0.1),
    verification: z
      .object({
        /** Margin of the claimed resident over the nearest other resident (0: the claimed one must be nearest). */
        minMargin: z.number().min(0).max(4).default(0),
        /** A claim not decided within this time is refused. */
        claimTimeoutMs: z.number().int().min(1000).max(5 * MINUTE_MS).default(15_000)
      })
      .prefault({}),
    liveness: z
      .object({
        /** See LIVENESS_MODES in the shared settings (legacy 'log'/'required' are read as their new modes). */
        mode: livenessModeSchema.default(DEFAULT_LIVENESS_MODE),
        /**
         * Only without the models' calibration (see AccessDeciderOptions.livenessCalibration): share of
         * the agreeing frames whose per-frame verdict must be live.
         */
        minLiveFraction: z.number().gt(0).max(1).default(1),
        challenge: challengeSchema.prefault({})
      })
      .prefault({}),
    /** No new decision for a resident this long after they were granted. */
    cooldownMs: z.number().int().min(0).max(10 * MINUTE_MS).default(3000),
    /** A gap without frames longer than this ends a face's appearance. */
    appearanceGapMs: z.number().int().min(100).max(MINUTE_MS).default(1500),
    lockout: lockoutSchema.prefault({})
  })
  .refine((c) => c.lockout.baseMs <= c.lockout.maxMs, {
    message: 'lockout.baseMs cannot exceed lockout.maxMs',
    path: ['lockout', 'baseMs']
  })

export type AccessConfig = z.infer<typeof accessConfigSchema>
export type AccessConfigInput = z.input<typeof accessConfigSchema>

export const DEFAULT_ACCESS_CONFIG: AccessConfig = accessConfigSchema.parse({})

/** Validates access settings; throws a typed INVALID_PAYLOAD naming the first bad field. */
export function parseAccessConfig(input: unknown): AccessConfig {
  return parseOrThrow(accessConfigSchema, input ?? {}, 'access settings')
}

/** The kiosk settings that drive access decisions (the rest keeps this config's defaults). */
export type AccessSettings = Pick<Settings, 'mode' | 'sensitivity' | 'framesToAgree' | 'liveness' | 'cooldownMs'>

/** Access config from the stored kiosk settings, with optional expert overrides (margins, lockout...). */
export function accessConfigFromSettings(settings: AccessSettings, overrides: AccessConfigInput = {}): AccessConfig {
  return parseAccessConfig({
    ...overrides,
    mode: settings.mode,
    preset: settings.sensitivity,
    agreement: {
      framesRequired: settings.framesToAgree.k,
      windowFrames: settings.framesToAgree.n,
      windowMs: settings.framesToAgree.windowMs
    },
    liveness: { ...overrides.liveness, mode: settings.liveness },
    cooldownMs: settings.cooldownMs
  })
}
