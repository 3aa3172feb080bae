import { AppError } from '../../shared/errors'
import type { AccessConfig, SensitivityPreset } from './config'
import type { MatchThresholdsInput, TailRow } from './types'

/**
 * The threshold in force: a preset is a false-open rate per stranger attempt, and a stranger at the
 * door is compared with every resident's template (the mean of their photos, engine/templates.ts),
 * so the threshold follows the gallery size G (templates, i.e. residents). The nearest of G impostor
 * distances falls below the threshold with 1 - (1 - f)^G, where f is the per-comparison
 * false-accept rate read from the model's calibrated impostor tail of templates.
 */

/** What a face is compared with: residents' templates (the door) or single photos (enrollment checks). */
export type Comparison = 'templates' | 'photos'
export interface ThresholdInForce {
  preset: SensitivityPreset
  /** L2 distance: a face matches when strictly nearer. */
  threshold: number
  /** Templates (residents) the stranger is compared with (at least 1). */
  gallerySize: number
  /** Per-comparison false-accept rate at the threshold. */
  comparisonFar: number
  /** Expected false opens per stranger attempt at this threshold and gallery size. */
  strangerRate: number
  /** The preset's floor held the threshold up: strangerRate is above the preset's target. */
  floored: boolean
}

/**
 * The impostor tail, lowest FAR first: of templates (when measured) or of photos; without a measured
 * tail, the model's FAR points. A template's tail lies a little lower than a photo's (a mean of
 * photos is nearer everyone's average face), so it is the stricter of the two for any mix.
 */
export function tailOf(thresholds: MatchThresholdsInput, against: Comparison = 'templates'): TailRow[] {
  const measured = against === 'templates' ? (thresholds.templateTail ?? thresholds.tail) : thresholds.tail
  const rows = measured ?? Object.entries(thresholds.far).map(([far, distance]) => ({ far: Number(far), distance }))
  const valid = rows.filter((r) => Number.isFinite(r.far) && r.far > 0 && r.far < 1 && Number.isFinite(r.distance) && r.distance > 0)
  const sorted = [...valid].sort((a, b) => a.far - b.far)
  if (sorted.length < 2 || sorted.some((r, i) => i > 0 && !(r.distance > sorted[i - 1].distance))) {
    throw new AppError(
      'MODELS_CORRUPT',
      'The active face model has no usable impostor tail (at least two FAR points, distances rising with the rate): run `npm run bench:tail -- --write` for it'
    )
  }
  return sorted
}

/** Distance at a per-comparison FAR: linear in log10(FAR) between rows, held at the table's ends. */
export function distanceAtFar(tail: readonly TailRow[], far: number): number {
  const first = tail[0]
  const last = tail[tail.length - 1]
  if (far <= first.far) return first.distance
  if (far >= last.far) return last.distance
  const i = tail.findIndex((r) => r.far >= far)
  const a = tail[i - 1]
  const b = tail[i]
  const t = (Math.log10(far) - Math.log10(a.far)) / (Math.log10(b.far) - Math.log10(a.far))
  return a.distance + t * (b.distance - a.distance)
}

/** Per-comparison FAR at a distance (the inverse of distanceAtFar on the table's range). */
export function farAtDistance(tail: readonly TailRow[], distance: number): number {
  const first = tail[0]
  const last = tail[tail.length - 1]
  if (distance <= first.distance) return first.far
  if (distance >= last.distance) return last.far
  const i = tail.findIndex((r) => r.distance >= distance)
  const a = tail[i - 1]
  const b = tail[i]
  const t = (distance - a.distance) / (b.distance - a.distance)
  return 10 ** (Math.log10(a.far) + t * (Math.log10(b.far) - Math.log10(a.far)))
}

/** f with 1 - (1 - f)^G = rate, computed without cancellation for tiny rates and large G. */
export function comparisonFarFor(rate: number, gallerySize: number): number {
  return -Math.expm1(Math.log1p(-rate) / gallerySize)
}

/** 1 - (1 - f)^G: the chance that the nearest of G impostor comparisons passes. */
export function strangerRateFor(comparisonFar: number, gallerySize: number): number {
  return -Math.expm1(gallerySize * Math.log1p(-comparisonFar))
}

/** The threshold of a preset for a gallery of `gallerySize` templates (0 counts as 1). */
export function thresholdInForce(
  config: AccessConfig,
  thresholds: MatchThresholdsInput,
  gallerySize: number,
  preset: SensitivityPreset = config.preset
): ThresholdInForce {
  const tail = tailOf(thresholds)
  const g = Math.max(1, Math.floor(gallerySize))
  const target = comparisonFarFor(config.openSet.strangerRate[preset], g)
  const floor = Math.max(config.openSet.minComparisonFar[preset], tail[0].far)
  const comparisonFar = Math.max(target, floor)
  const threshold = distanceAtFar(tail, comparisonFar)
  return { preset, threshold, gallerySize: g, comparisonFar, strangerRate: strangerRateFor(comparisonFar, g), floored: comparisonFar > target }
}

/** Threshold of the configured (or given) preset for a gallery of `gallerySize` templates. */
export function presetThreshold(config: AccessConfig, thresholds: MatchThresholdsInput, preset?: SensitivityPreset, gallerySize = 1): number {
  return thresholdInForce(config, thresholds, gallerySize, preset).threshold
}
