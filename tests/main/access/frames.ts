import type { LivenessCalibrationInput } from '../../../src/main/access/decider'
import { passiveEvidence } from '../../../src/main/liveness/passive'
import type { AccessFrame, FacePose, LivenessEvidence, MatchThresholdsInput } from '../../../src/main/access/types'

/**
 * Calibrated-looking thresholds: stricter presets have smaller L2 distances. With one enrolled face
 * the presets' stranger rates (1e-6 ... 1e-2) read 0.8, 0.9, 1.0, 1.1 and 1.2 from the tail.
 */
export const THRESHOLDS: MatchThresholdsInput = {
  accuracy: 1.2,
  far: { '1e-2': 1.2, '1e-3': 1.1, '1e-4': 1.0, '1e-5': 0.9, '1e-6': 0.8 },
  tail: [
    { far: 1e-1, distance: 1.3 },
    { far: 1e-2, distance: 1.2 },
    { far: 1e-3, distance: 1.1 },
    { far: 1e-4, distance: 1.0 },
    { far: 1e-5, distance: 0.9 },
    { far: 1e-6, distance: 0.8 },
    { far: 1e-7, distance: 0.7 },
    { far: 1e-8, distance: 0.6 },
    { far: 1e-9, distance: 0.5 }
  ]
}

export interface FaceSpec {
  nearest: string | null
  distance: number
  second?: string | null
  secondDistance?: number
  liveness?: LivenessEvidence
  pose?: FacePose
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
  if (spec.pose) frame.pose = spec.pose
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

/**
 * A fixed operating point for the logic tests (the real one lives in models/manifest.json): live at
 * mean log-odds >= -2.75 (p 0.060), spoof below -3.25 (p 0.037), over 2.5 s, 6 frames with context.
 */
export const CALIBRATION: LivenessCalibrationInput = {
  passive: { logitClamp: 6, passAtLogit: -2.75, failBelowLogit: -3.25, windowMs: 2500, minFrames: 6, minContextScale: 1.2 },
  eyes: { closedAtOrAbove: 0.8, openBelow: 0.3 }
}

/** Passive evidence of one frame: p(live), and the liveness crop scale (2.7 = full context). */
export function passive(p: number | null, context = 2.7, touchesBorder = false): LivenessEvidence {
  return passiveEvidence({ liveness: p, livenessContext: p === null ? null : context, touchesBorder }, CALIBRATION.passive)
}

/** p(live) values: clearly live, clearly a replay, and between the cut-offs (log-odds -3.0). */
export const P_LIVE = 0.4
export const P_SPOOF = 0.002
export const P_BETWEEN = 1 / (1 + Math.exp(3))

export const FRONTAL_OPEN: FacePose = { yawDeg: 2, eyesClosed: 0.05 }
export const FRONTAL_CLOSED: FacePose = { yawDeg: 2, eyesClosed: 0.95 }
export const TURNED_LEFT: FacePose = { yawDeg: 35, eyesClosed: 0.5 }
export const TURNED_RIGHT: FacePose = { yawDeg: -35, eyesClosed: 0.5 }
