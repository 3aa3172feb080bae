import { z } from 'zod'
import { AppError } from '../../shared/errors'

/**
 * Enrollment thresholds: every photo of a resident passes these gates. Defaults are set from the
 * Happy House photos (96x96 crops: faces 42-69 px, sharpness 31-203, |yaw| up to 42 deg by the
 * engine's rough 5-point estimate, |roll| up to 15 deg, brightness 102-161) with margin, so that
 * real enrollment photos pass while blurred, tiny, dark or turned faces do not.
 */
const thresholdChoice = z.union([z.number().positive(), z.literal('accuracy'), z.string().regex(/^far:1e-\d+$/)])
export type ThresholdChoice = z.infer<typeof thresholdChoice>

export const qualityConfigSchema = z
  .object({
    /** Side of the detected square face box, pixels. */
    minFaceSizePx: z.number().positive().default(40),
    /** Variance of the Laplacian over the aligned gray face crop (the engine's `sharpness`). */
    minSharpness: z.number().nonnegative().default(20),
    /** |yaw| limit, degrees (rough estimate from the 5 landmarks). */
    maxYawDeg: z.number().positive().max(90).default(45),
    /** |roll| limit, degrees (tilt of the eye line). */
    maxRollDeg: z.number().positive().max(90).default(25),
    /** Mean luma range of the aligned face crop, 0..255. */
    minBrightness: z.number().min(0).max(255).default(50),
    maxBrightness: z.number().min(0).max(255).default(210),
    /** Refuse a face cut by the image edge (its embedding would be of half a face). */
    rejectFaceAtBorder: z.boolean().default(true),
    /**
     * Photo files whose face touches the edge: most are tight face crops (ID photos, the Happy House
     * 96x96 crops), not cut faces. Files are detected with the still-image border, which finds and
     * aligns such faces (22 of 75 Happy House and LFW-dev crops, recognised at 100 % rank-1), so by
     * default they are enrolled with a warning; 'reject' refuses them as cut-off. Camera captures
     * keep `rejectFaceAtBorder`.
     */
    tightFileCrops: z.enum(['warn', 'reject']).default('warn'),
    /**
     * Camera captures must look live: p(live) at or above minLiveness, with a liveness crop at least
     * minLivenessContext times the face box (a face without context is no evidence). Unset (the
     * default): the passive model's calibrated per-frame operating point from the model manifest,
     * filled in by the enrollment service. Left unset where nothing fills them, every camera capture
     * is refused (never fail open).
     */
    minLiveness: z.number().min(0).max(1).optional(),
    minLivenessContext: z.number().positive().optional(),
    /**
     * Duplicate check: a new face this close to an enrolled resident asks "same person?". Strict on
     * purpose (a false alarm on every enrollment teaches users to click through): distinct Happy
     * House residents are 1.10-1.19 apart with fr_feature, under its accuracy threshold (1.2), and
     * above its FAR 1e-5 threshold (1.0). A number is an L2 distance; 'accuracy' / 'far:1e-N' read
     * the engine's calibrated thresholds.
     */
    duplicateThreshold: thresholdChoice.default('far:1e-5'),
    /**
     * Consistency check: photos of one resident farther apart than this ask "same person?"
     * (more likely different than same beyond the accuracy threshold).
     */
    consistencyThreshold: thresholdChoice.default('accuracy'),
    thumbnail: z
      .object({
        /** Side of the square JPEG thumbnail, pixels. */
        sizePx: z.number().int().min(48).max(128).default(80),
        quality: z.number().int().min(30).max(95).default(80),
        /** Extra border around the face box, as a share of its side. */
        marginRatio: z.number().min(0).max(1).default(0.15)
      })
      .prefault({})
  })
  .refine((c) => c.minBrightness < c.maxBrightness, { message: 'minBrightness must be below maxBrightness', path: ['minBrightness'] })

export type QualityConfig = z.infer<typeof qualityConfigSchema>
export type QualityConfigInput = z.input<typeof qualityConfigSchema>

export const DEFAULT_QUALITY_CONFIG: QualityConfig = qualityConfigSchema.parse({})

/** Validates overrides over the defaults; INVALID_PAYLOAD names the bad field. */
export function parseQualityConfig(input: QualityConfigInput = {}): QualityConfig {
  const parsed = qualityConfigSchema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new AppError('INVALID_PAYLOAD', `Invalid enrollment quality setting ${issue.path.map(String).join('.')}: ${issue.message}`)
  }
  return parsed.data
}

/** An L2 distance from a threshold choice and the engine's calibrated thresholds. */
export function resolveThreshold(choice: ThresholdChoice, thresholds: { accuracy: number; far: Record<string, number> }): number {
  if (typeof choice === 'number') return choice
  if (choice === 'accuracy') return thresholds.accuracy
  const key = choice.slice('far:'.length)
  const value = thresholds.far[key]
  if (value === undefined) throw new AppError('INVALID_PAYLOAD', `The face model has no threshold at FAR ${key}`)
  return value
}
