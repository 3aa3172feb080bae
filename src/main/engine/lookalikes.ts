import { squaredL2 } from './distance'
import type { Gallery } from './gallery'
import { DEFAULT_TRIPLET_ALPHA } from './triplet'
import type { LookAlike } from './types'

/** Largest squared distance between two photos of the same resident (0 with a single photo). */
function hardestPositive(own: Float32Array[]): number {
  let worst = 0
  for (let i = 0; i < own.length; i++) {
    for (let j = i + 1; j < own.length; j++) worst = Math.max(worst, squaredL2(own[i], own[j]))
  }
  return worst
}

/** Smallest squared distance between a photo of one resident and a photo of the other. */
function hardestNegative(a: Float32Array[], b: Float32Array[]): number {
  let best = Infinity
  for (const x of a) for (const y of b) best = Math.min(best, squaredL2(x, y))
  return best
}

/**
 * Resident pairs whose photos violate the triplet margin of the seed: some photo of A is not at
 * least `alpha` (in squared distance) farther from a photo of B than from A's own farthest photo
 * (or B's). Sorted closest first; `distance` is the smallest L2 distance between the two.
 */
export function findLookAlikes(gallery: Gallery, alpha: number = DEFAULT_TRIPLET_ALPHA): LookAlike[] {
  const ids = gallery.residents
  const photos = ids.map((id) => gallery.embeddingsOf(id))
  const positive = photos.map(hardestPositive)
  const out: LookAlike[] = []
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const negative = hardestNegative(photos[i], photos[j])
      if (Math.max(positive[i], positive[j]) - negative + alpha > 0) {
        out.push({ a: ids[i], b: ids[j], distance: Math.sqrt(negative) })
      }
    }
  }
  return out.sort((x, y) => x.distance - y.distance)
}
