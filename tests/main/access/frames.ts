import type { AccessFrame, LivenessEvidence, MatchThresholdsInput } from '../../../src/main/access/types'

/** Calibrated-looking thresholds: stricter presets have smaller L2 distances. */
export const THRESHOLDS: MatchThresholdsInput = {
  accuracy: 1.2,
  far: { '1e-2': 1.1, '1e-3': 1.0, '1e-4': 0.9, '1e-5': 0.8 }
}

export interface FaceSpec {
  nearest: string | null
  distance: number
  second?: string | null
  secondDistance?: number
  liveness?: LivenessEvidence
  claimDistance?: number
  trackId?: string | number
  /** Mimic the engine: residentId null when over its own threshold. */
  engineResidentId?: string | null
}

const DEFAULT_GAP = 0.4

/** A frame whose subject face matched `nearest` at `distance` (second-nearest 0.4 farther by default). */
export function face(at: number, spec: FaceSpec): AccessFrame {
  const second = spec.second === undefined ? (spec.nearest === 'zoe' ? 'yan' : 'zoe') : spec.second
  const secondDistance = spec.secondDistance ?? spec.distance + DEFAULT_GAP
  const frame: AccessFrame = {
    at,
    match: {
      residentId: spec.engineResidentId === undefined ? spec.nearest : spec.engineResidentId,
      nearestId: spec.nearest,
      distance: spec.distance,
      secondId: second,
      secondDistance,
      margin: secondDistance - spec.distance
    }
  }
  if (spec.liveness) frame.liveness = spec.liveness
  if (spec.claimDistance !== undefined) frame.claimDistance = spec.claimDistance
  if (spec.trackId !== undefined) frame.trackId = spec.trackId
  return frame
}

export function noFace(at: number): AccessFrame {
  return { at, match: null }
}

/** `count` frames `stepMs` apart starting at `start`, all the same face. */
export function run(start: number, count: number, stepMs: number, spec: FaceSpec): AccessFrame[] {
  return Array.from({ length: count }, (_, i) => face(start + i * stepMs, spec))
}

export const LIVE: LivenessEvidence = { verdict: 'live', score: 0.9, source: 'passive' }
export const SPOOF: LivenessEvidence = { verdict: 'spoof', score: 0.05, source: 'passive' }
export const UNSURE: LivenessEvidence = { verdict: 'unsure', score: 0.4, source: 'passive' }
