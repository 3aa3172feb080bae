import { z } from 'zod'
import { AppError } from '../../shared/errors'
import { comparisonFarFor, distanceAtFar, tailOf } from '../access/thresholds'
import type { MatchThresholdsInput } from '../access/types'

/**
 * Enrollment thresholds: every photo of a resident passes these gates. Defaults are set from the
 * Happy House photos (96x96 crops: faces 42-69 px, sharpness 31-203, |yaw| up to 42 deg by the
 * engine's rough 5-point estimate, |roll| up to 15 deg, brightness 102-161) with margin, so that
 * real enrollment photos pass while blurred, tiny, dark or turned faces do not.
 */
/**
 * How an enrollment check's threshold is chosen, in the presets' own terms (src/main/access):
 * 'stranger:R' is the threshold at which a new person, compared with every enrolled photo, is taken
 * for a resident with chance R (it follows the gallery size, as the door's threshold does);
 * 'comparison:F' is the distance below which a share F of two different people's photos fall (one
 * comparison). Both are read from the model's calibrated impostor tail. A number is an L2 distance.
 */
const rateText = String.raw`(?:[1-9](?:\.\d+)?e-\d+|0\.\d*[1-9]\d*)`
const thresholdChoice = z.union([z.number().positive(), z.string().regex(new RegExp(`^(stranger|comparison):${rateText}$`))]).refine(
  (c) => typeof c === 'number' || (Number(c.split(':')[1]) > 0 && Number(c.split(':')[1]) < 1),
  'a rate between 0 and 1'
)
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
     * purpose (a false alarm on every enrollment teaches users to click through): about 1 new
     * person in 100,000 is taken for someone already enrolled, whatever the building's size (the
     * rate of the 'secure' preset, per new person as the presets are per stranger).
     */
    duplicateThreshold: thresholdChoice.default('stranger:1e-5'),
    /**
     * Consistency check: photos of one resident at or beyond this distance ask "same person?": only
     * 1 % of two different people's photos are nearer (the 'most convenient' per-comparison end of
     * the tail; same-person LFW-dev pairs: 99.7 % nearer).
     */
    consistencyThreshold: thresholdChoice.default('comparison:1e-2'),
    /**
     * Photos a resident should have: fewer are enrolled with a 'few-photos' advice. The door compares
     * a face with each resident's photos; varied photos recover genuine accept without loosening the
     * threshold strangers face (npm run bench:openset: 1 vs 3 photos).
     */
    recommendedPhotos: z.number().int().min(1).max(10).default(3),
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

/** An L2 distance from a threshold choice, the model's thresholds and the enrolled photos (G). */
export function resolveThreshold(choice: ThresholdChoice, thresholds: MatchThresholdsInput, gallerySize: number): number {
  if (typeof choice === 'number') return choice
  const [kind, value] = choice.split(':')
  const rate = Number(value)
  // A new photo is compared with enrolled photos one by one.
  const tail = tailOf(thresholds, 'photos')
  const comparisonFar = kind === 'stranger' ? comparisonFarFor(rate, Math.max(1, gallerySize)) : rate
  return distanceAtFar(tail, comparisonFar)
}
