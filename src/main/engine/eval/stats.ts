/** Verification statistics over L2 distances. A failed pair (no face) has distance NaN and is always wrong. */

export interface ScoredPair {
  fold: number
  same: boolean
  /** NaN when a face was not found in one of the images. */
  distance: number
}

/** Is the pair decided correctly at this threshold (accept when distance < threshold, as at the door)? */
function correct(p: ScoredPair, threshold: number): boolean {
  if (Number.isNaN(p.distance)) return false
  return (p.distance < threshold) === p.same
}

export function accuracyAt(pairs: ScoredPair[], threshold: number): number {
  let ok = 0
  for (const p of pairs) if (correct(p, threshold)) ok++
  return pairs.length ? ok / pairs.length : 0
}

/**
 * Threshold with the best accuracy: the middle of the best plateau between sorted distances
 * (sweep once over the sorted pairs).
 */
export function bestThreshold(pairs: ScoredPair[]): { threshold: number; accuracy: number } {
  const valid = pairs.filter((p) => !Number.isNaN(p.distance)).sort((a, b) => a.distance - b.distance)
  // Threshold below every distance: all rejected, impostors right.
  let right = valid.filter((p) => !p.same).length
  let best = right
  let bestLo = -Infinity
  let bestHi = valid.length ? valid[0].distance : 1
  for (let i = 0; i < valid.length; i++) {
    right += valid[i].same ? 1 : -1
    const lo = valid[i].distance
    const hi = i + 1 < valid.length ? valid[i + 1].distance : lo + 1e-3
    if (right > best && hi > lo) {
      best = right
      bestLo = lo
      bestHi = hi
    }
  }
  const threshold = Number.isFinite(bestLo) ? (bestLo + bestHi) / 2 : bestHi / 2
  return { threshold, accuracy: best / pairs.length }
}

export function meanStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length
  return { mean, std: Math.sqrt(variance) }
}

export interface KFoldResult {
  foldAccuracies: number[]
  foldThresholds: number[]
  mean: number
  std: number
}

/** k-fold cross-validation: each fold is scored at the threshold chosen on the other folds. */
export function kFoldAccuracy(pairs: ScoredPair[], folds: number): KFoldResult {
  const foldAccuracies: number[] = []
  const foldThresholds: number[] = []
  for (let f = 0; f < folds; f++) {
    const { threshold } = bestThreshold(pairs.filter((p) => p.fold !== f))
    foldThresholds.push(threshold)
    foldAccuracies.push(accuracyAt(pairs.filter((p) => p.fold === f), threshold))
  }
  return { foldAccuracies, foldThresholds, ...meanStd(foldAccuracies) }
}

/**
 * Largest threshold whose false-accept rate over `impostor` distances is <= far (a distance equal
 * to the threshold is accepted). Returns the midpoint below the first distance that would exceed it.
 */
export function thresholdAtFar(impostor: Float64Array | number[], far: number): number {
  const sorted = Float64Array.from(impostor).sort()
  const allowed = Math.floor(far * sorted.length)
  if (allowed >= sorted.length) return sorted[sorted.length - 1]
  const next = sorted[allowed]
  const prev = allowed > 0 ? sorted[allowed - 1] : next - 1e-3
  return (prev + next) / 2
}

/** Genuine-accept rate at a threshold; failed genuine pairs count as rejected. */
export function tarAt(genuine: number[], threshold: number): number {
  let ok = 0
  for (const d of genuine) if (!Number.isNaN(d) && d < threshold) ok++
  return genuine.length ? ok / genuine.length : 0
}

/** False-accept rate at a threshold; failed impostor pairs count as accepted (the pessimistic side). */
export function farAt(impostor: number[], threshold: number): number {
  let bad = 0
  for (const d of impostor) if (Number.isNaN(d) || d < threshold) bad++
  return impostor.length ? bad / impostor.length : 0
}
