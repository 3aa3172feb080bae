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
  /** Rows (residents: photos and templates) the stranger is compared with (at least 1). */
  gallerySize: number
  /** Per-comparison false-accept rate at the threshold (on the template tail when there are templates). */
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

/**
 * What a stranger meets at the door: a resident enrolled from one photo is one photo row (the photo
 * tail), a resident with several photos one template row (the template tail). A plain number is that
 * many template rows.
 */
export interface GalleryMix {
  photos: number
  templates: number
}
export type GallerySize = number | GalleryMix

const BISECTIONS = 60

/** -log(1 - f): the "hazard" of one comparison, additive over the rows a stranger meets. */
const hazard = (f: number): number => -Math.log1p(-f)

/** The threshold of a preset for a gallery (0 rows count as 1 template). */
export function thresholdInForce(
  config: AccessConfig,
  thresholds: MatchThresholdsInput,
  gallery: GallerySize,
  preset: SensitivityPreset = config.preset
): ThresholdInForce {
  const mix = typeof gallery === 'number' ? { photos: 0, templates: Math.floor(gallery) } : { photos: Math.floor(gallery.photos), templates: Math.floor(gallery.templates) }
  if (mix.photos + mix.templates < 1) mix.templates = 1
  const g = mix.photos + mix.templates
  const photoTail = tailOf(thresholds, 'photos')
  const templateTail = tailOf(thresholds, 'templates')
  // The floor is read on the tail of the rows that dominate (templates when there are any).
  const main = mix.templates > 0 ? templateTail : photoTail
  const rate = config.openSet.strangerRate[preset]
  const floorFar = Math.max(config.openSet.minComparisonFar[preset], main[0].far)
  if (mix.photos === 0 || mix.templates === 0) {
    // One kind of row: f with 1 - (1 - f)^G = rate, read on that tail.
    const target = comparisonFarFor(rate, g)
    const comparisonFar = Math.max(target, floorFar)
    return { preset, threshold: distanceAtFar(main, comparisonFar), gallerySize: g, comparisonFar, strangerRate: strangerRateFor(comparisonFar, g), floored: comparisonFar > target }
  }
  // Both kinds: the distance at which the nearest of all rows passes with the preset's rate (the
  // total hazard rises with the distance).
  const total = (d: number) => mix.photos * hazard(farAtDistance(photoTail, d)) + mix.templates * hazard(farAtDistance(templateTail, d))
  let lo = Math.min(photoTail[0].distance, templateTail[0].distance)
  let hi = Math.max(photoTail.at(-1)!.distance, templateTail.at(-1)!.distance)
  for (let i = 0; i < BISECTIONS; i++) {
    const mid = (lo + hi) / 2
    if (total(mid) < hazard(rate)) lo = mid
    else hi = mid
  }
  const floorDistance = distanceAtFar(main, floorFar)
  const threshold = Math.max(lo, floorDistance)
  return { preset, threshold, gallerySize: g, comparisonFar: farAtDistance(main, threshold), strangerRate: -Math.expm1(-total(threshold)), floored: floorDistance > lo }
}

/** Threshold of the configured (or given) preset for a gallery (see GallerySize). */
export function presetThreshold(config: AccessConfig, thresholds: MatchThresholdsInput, preset?: SensitivityPreset, gallery: GallerySize = 1): number {
  return thresholdInForce(config, thresholds, gallery, preset).threshold
}
