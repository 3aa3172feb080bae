import type { AccessFrame, MatchInput } from './types'

/**
 * Fusion of the probe over the track: the frames of one appearance that name the same candidate are
 * one person, so their normalised embeddings are averaged (weighted by each frame's quality) and the
 * open-set test is applied once to that mean. Noise that pushes one frame over the threshold is
 * averaged out; a stranger gains little, because frames of one face are strongly correlated (the
 * mean of near-identical unit vectors has norm ~1, so its similarity to a resident stays the mean).
 */

/** The gallery, for a fused probe: the decider itself holds no embeddings of residents. */
export interface ProbeMatcher {
  /** The nearest and runner-up residents of a probe (the engine's identify; the decider applies its threshold). */
  identify(probe: Float32Array): MatchInput
  /** Distance of a probe to one resident (the engine's verify), for a claim. */
  distanceTo(probe: Float32Array, residentId: string): number
}

/** Weight of a frame in the fused probe: its quality (default 1), never below a small floor. */
const MIN_WEIGHT = 1e-3

/** Unit-length weighted mean of the frames' face embeddings; null when no frame carries one. */
export function fuseEmbeddings(frames: readonly AccessFrame[]): Float32Array | null {
  const withFace = frames.filter((f) => f.face !== undefined)
  if (withFace.length === 0) return null
  const dim = withFace[0].face!.embedding.length
  const sum = new Float64Array(dim)
  for (const f of withFace) {
    const e = f.face!.embedding
    if (e.length !== dim) return null
    let norm = 0
    for (let i = 0; i < dim; i++) norm += e[i] * e[i]
    const w = Math.max(MIN_WEIGHT, f.quality ?? 1) / (Math.sqrt(norm) || 1)
    for (let i = 0; i < dim; i++) sum[i] += w * e[i]
  }
  let norm = 0
  for (let i = 0; i < dim; i++) norm += sum[i] * sum[i]
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0
  const out = new Float32Array(dim)
  for (let i = 0; i < dim; i++) out[i] = sum[i] * scale
  return out
}

/**
 * Quality weight of a camera frame for fusion, 0..1: the detector's confidence, lowered for a
 * turned head (the embedding of a profile is less reliable).
 */
export function frameQuality(detectorScore: number, yawDeg: number): number {
  const score = Math.min(1, Math.max(0, detectorScore))
  return score * Math.max(0, Math.cos((Math.min(90, Math.abs(yawDeg)) * Math.PI) / 180))
}
