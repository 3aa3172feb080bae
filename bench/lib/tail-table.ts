import { residentTemplate } from '../../src/main/engine/templates'

/**
 * The impostor tail table from sorted impostor distances: the distance below which a fraction f of
 * comparisons fall, for f = 1e-1 ... 1e-8 half a decade apart. Rows are measured while at least
 * MIN_PAIRS comparisons lie below them; lower rows are extrapolated along the line through the last
 * two measured rows in (distance, log10 f), which errs towards stricter (lower) distances.
 */
const LOG10_ROWS = [-1, -1.5, -2, -2.5, -3, -3.5, -4, -4.5, -5, -5.5, -6, -6.5, -7, -7.5, -8]
export const MIN_PAIRS = 10

export interface TailTableRow {
  far: number
  distance: number
  extrapolated?: boolean
}

/** `sorted`: impostor distances in ascending order (all of them). */
export function tailTable(sorted: ArrayLike<number>): TailTableRow[] {
  const k = sorted.length
  const table: TailTableRow[] = []
  for (const lg of LOG10_ROWS) {
    const far = 10 ** lg
    const below = Math.floor(far * k)
    if (below >= MIN_PAIRS) {
      // Midway between the last comparison counted and the next one, so "distance < threshold" counts `below` of them.
      table.push({ far, distance: (sorted[below - 1] + sorted[below]) / 2 })
    } else {
      const [a, b] = table.filter((r) => !r.extrapolated).slice(-2)
      const slope = (b.distance - a.distance) / (Math.log10(b.far) - Math.log10(a.far))
      table.push({ far, distance: b.distance + slope * (lg - Math.log10(b.far)), extrapolated: true })
    }
  }
  return table
}

/** L2 distance of two unit vectors through their dot product. */
export function unitDistance(a: Float32Array, b: Float32Array): number {
  let dot = 0
  for (let d = 0; d < a.length; d++) dot += a[d] * b[d]
  return Math.sqrt(Math.max(0, 2 - 2 * dot))
}

/** Photos per template, and people with at least that many are templated (the enrollment the door asks for). */
export const TEMPLATE_PHOTOS = 3

/**
 * Template comparisons: each person with TEMPLATE_PHOTOS+ photos gets a template (the mean of their
 * first TEMPLATE_PHOTOS), compared with every photo of every other person (impostor) and with each of
 * their own photos not in the template (genuine: a resident's new look at the door, still to still).
 * `photos[p]`: person p's photo embeddings in file order. Both sorted ascending.
 */
export function templateComparisons(photos: readonly Float32Array[][]): { impostor: Float64Array; genuine: Float64Array } {
  const impostor: number[] = []
  const genuine: number[] = []
  photos.forEach((own, person) => {
    if (own.length < TEMPLATE_PHOTOS) return
    const t = residentTemplate(own.slice(0, TEMPLATE_PHOTOS))
    photos.forEach((others, p) => {
      if (p !== person) for (const e of others) impostor.push(unitDistance(t, e))
    })
    for (const e of own.slice(TEMPLATE_PHOTOS)) genuine.push(unitDistance(t, e))
  })
  return { impostor: Float64Array.from(impostor).sort(), genuine: Float64Array.from(genuine).sort() }
}

/** Share of `sortedDistances` strictly below `threshold` (the door's rule). */
export function shareBelow(sortedDistances: Float64Array, threshold: number): number {
  let lo = 0
  let hi = sortedDistances.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sortedDistances[mid] < threshold) lo = mid + 1
    else hi = mid
  }
  return sortedDistances.length === 0 ? 0 : lo / sortedDistances.length
}
