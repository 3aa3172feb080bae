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

/**
 * What each preset means at the door: the chance that one stranger's attempt opens it, whatever the
 * building's size. The threshold in force follows the gallery (src/main/access/thresholds.ts): with
 * G enrolled embeddings a stranger is compared with all of them, so each comparison may only pass
 * with f where 1 - (1 - f)^G = strangerRate. `minComparisonFar` keeps the threshold from collapsing
 * in a very large building (residents would no longer be recognised): below it the stranger rate
 * grows with G instead, and the settings say so. Both lists must be strictly ordered.
 */
const rate = z.number().gt(0).lt(1)
const perPreset = (defaults: Record<SensitivityPreset, number>) =>
  z.object({
    'most-secure': rate.default(defaults['most-secure']),
    secure: rate.default(defaults.secure),
    balanced: rate.default(defaults.balanced),
    convenient: rate.default(defaults.convenient),
    'most-convenient': rate.default(defaults['most-convenient'])
  })

export const DEFAULT_STRANGER_RATES: Record<SensitivityPreset, number> = {
  'most-secure': 1e-6,
  secure: 1e-5,
  balanced: 1e-4,
  convenient: 1e-3,
  'most-convenient': 1e-2
}

/**
 * The floors stay within the calibrated tail (measured to 1e-6, extrapolated to 1e-8 by npm run
 * bench:tail), so every preset keeps its own threshold at any gallery size.
 */
export const DEFAULT_MIN_COMPARISON_FAR: Record<SensitivityPreset, number> = {
  'most-secure': 1e-8,
  secure: 3e-8,
  balanced: 1e-7,
  convenient: 1e-6,
  'most-convenient': 1e-5
}

/** True when the values rise strictly from most-secure to most-convenient. */
function strictlyOrdered(values: Record<SensitivityPreset, number>): boolean {
  return SENSITIVITY_PRESETS.every((p, i) => i === 0 || values[SENSITIVITY_PRESETS[i - 1]] < values[p])
}

const openSetSchema = z
  .object({
    strangerRate: perPreset(DEFAULT_STRANGER_RATES).prefault({}),
    minComparisonFar: perPreset(DEFAULT_MIN_COMPARISON_FAR).prefault({})
  })
  .refine((o) => strictlyOrdered(o.strangerRate), { message: 'stranger rates must rise from most-secure to most-convenient', path: ['strangerRate'] })
  .refine((o) => strictlyOrdered(o.minComparisonFar), { message: 'floors must rise from most-secure to most-convenient', path: ['minComparisonFar'] })
export type OpenSetConfig = z.infer<typeof openSetSchema>

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS

/**
 * Identity agreement in time, not in frames: the kiosk measures its own frame rate and asks for as
 * many agreeing frames as fit in `confirmMs` (at least `minFrames`, at most `maxFrames`), so a
 * resident is confirmed within about a second at 15 frames/s and within a few seconds at 1 frame/s.
 */
const agreementSchema = z
  .object({
    /** Time over which the frames must agree on the resident. */
    confirmMs: z.number().int().min(0).max(10_000).default(500),
    /** However fast the camera, at least this many agreeing frames ... */
    minFrames: z.number().int().min(1).max(30).default(2),
    /** ... and however slow, never more than this many. */
    maxFrames: z.number().int().min(1).max(60).default(8),
    /** Share of the window's frames that must agree (K of N with N = K / agreeFraction). */
    agreeFraction: z.number().gt(0).max(1).default(0.6),
    /** Frame interval assumed until the appearance's second frame gives a measure (only the progress shown). */
    nominalIntervalMs: z.number().int().min(1).max(10_000).default(100),
    /** Frames older than this (or than the window's N frames at the measured rate, if longer) do not count. */
    windowMs: z.number().int().min(50).max(60_000).default(2000)
  })
  .refine((a) => a.minFrames <= a.maxFrames, { message: 'minFrames cannot exceed maxFrames', path: ['minFrames'] })

/**
 * Camera evidence of life beyond the passive model (src/main/liveness/evidence.ts), measured on the
 * spoof-dev clips and hand-held photo videos (npm run bench:liveness).
 */
const evidenceSchema = z.object({
  /** Non-planar landmark motion (homography residual / inter-ocular distance) that shows a real head; a flat picture stays near 0.02. */
  motionCut: z.number().gt(0).max(1).default(0.04),
  /** How far back the appearance's frames are kept for motion and blinks. */
  historyMs: z.number().int().min(500).max(30_000).default(4000),
  /** Without motion or a blink for this long, the evidence is unsure (a challenge may ask for it). */
  motionWaitMs: z.number().int().min(0).max(30_000).default(2000),
  /** Consecutive face embeddings closer than this are the same picture (a real sensor always adds noise). */
  staticDelta: z.number().min(0).max(0.5).default(0.001),
  /** A face that has not changed at all over this long is a still image fed to the camera. */
  staticAfterMs: z.number().int().min(100).max(30_000).default(1000),
  /** At least this many frames before the passive window judges, however slow the camera (its own minFrames at full rate). */
  passiveMinFrames: z.number().int().min(1).max(30).default(2),
  /** The passive window stretches to hold that many frames at a slow rate, up to this long. */
  passiveMaxWindowMs: z.number().int().min(500).max(30_000).default(5000)
})

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
  /**
   * What repeated failed claims lock: 'kiosk' (default) pauses claims at this kiosk, whoever is
   * claimed, so someone failing claims on purpose cannot lock a chosen resident out for hours;
   * 'resident' locks the claimed resident's claims only.
   */
  scope: z.enum(['kiosk', 'resident']).default('kiosk'),
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
    openSet: openSetSchema.prefault({}),
    agreement: agreementSchema.prefault({}),
    /**
     * Identification: minimum L2 margin between the candidate and the second-nearest resident, so
     * look-alikes are not confused. Starting value, to be calibrated on the residents' look-alikes.
     */
    minMargin: z.number().min(0).max(4).default(0.1),
    /**
     * Fuse the probe over the track: the open-set test (threshold, margin) is applied to the
     * quality-weighted mean embedding of the window's frames that name the candidate, instead of to
     * each frame (see fusion.ts; needs the decider's gallery matcher).
     */
    fuseTrack: z.boolean().default(true),
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
        evidence: evidenceSchema.prefault({}),
        challenge: challengeSchema.prefault({})
      })
      .prefault({}),
    /** No new decision for a resident this long after they were granted (a new appearance). */
    cooldownMs: z.number().int().min(0).max(10 * MINUTE_MS).default(3000),
    /**
     * A face's track survives a gap without frames up to this long, when the next face continues it
     * (position and embedding, see `track`); a slow kiosk may see one frame every second or two.
     */
    appearanceGapMs: z.number().int().min(100).max(MINUTE_MS).default(4000),
    track: z
      .object({
        /** The next face's centre within this many face widths of the last one ... */
        maxShiftFaces: z.number().gt(0).max(10).default(1.5),
        /**
         * ... and its embedding within this L2 distance of the last one (the same person turning
         * their head reaches 1.15 between frames 1 s apart on the genuine clip; other people are
         * mostly farther). Liveness evidence also counts only the resident's own frames.
         */
        maxEmbeddingDistance: z.number().gt(0).max(2).default(1.3)
      })
      .prefault({}),
    /** Several sufficiently large faces in view: no grant unless allowed (the refusal is logged). */
    allowSeveralFaces: z.boolean().default(false),
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
export type AccessSettings = Pick<Settings, 'mode' | 'sensitivity' | 'confirmMs' | 'liveness' | 'cooldownMs'>

/** Access config from the stored kiosk settings, with optional expert overrides (margins, lockout...). */
export function accessConfigFromSettings(settings: AccessSettings, overrides: AccessConfigInput = {}): AccessConfig {
  return parseAccessConfig({
    ...overrides,
    mode: settings.mode,
    preset: settings.sensitivity,
    agreement: { ...overrides.agreement, confirmMs: settings.confirmMs },
    liveness: { ...overrides.liveness, mode: settings.liveness },
    cooldownMs: settings.cooldownMs
  })
}
