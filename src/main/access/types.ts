import type { AccessMode, LivenessMode } from '../../shared/settings'
import type { ChallengeState } from '../liveness/challenge'

/**
 * Inputs and outputs of the access decision. Pure data: the engine's match results come in, an
 * explained decision goes out. The engine is not imported: these shapes are structurally
 * compatible with its IdentifyResult and MatchThresholds.
 */

/** One face's match against the gallery (the engine's IdentifyResult fits this shape). */
export interface MatchInput {
  /** Nearest resident under the engine's own threshold, or null ("not in the database"). */
  residentId: string | null
  /** L2 distance to the nearest resident. */
  distance: number
  /** Second-nearest resident, or null. */
  secondId: string | null
  secondDistance: number
  /** secondDistance - distance (Infinity without a second resident). */
  margin: number
  /**
   * Nearest resident regardless of any threshold. When present it is the candidate: the decider
   * applies its own, preset-dependent threshold.
   */
  nearestId?: string | null
}

export interface MatchThresholdsInput {
  /** Accuracy-optimal L2 threshold. */
  accuracy: number
  /** L2 threshold at a false-accept rate, keyed "1e-2" ... "1e-5". */
  far: Record<string, number>
  /** Calibrated impostor tail (distance at each per-comparison FAR); without it, the `far` points. */
  tail?: readonly TailRow[]
  /** The tail of residents' templates against other people's photos: what the door compares (see thresholds.ts). */
  templateTail?: readonly TailRow[]
}

/** One row of the impostor tail: a fraction `far` of cross-person comparisons fall below `distance`. */
export interface TailRow {
  far: number
  distance: number
}

export const LIVENESS_VERDICTS = ['live', 'spoof', 'unsure'] as const
export type LivenessVerdict = (typeof LIVENESS_VERDICTS)[number]

/** Per-frame liveness evidence from the liveness stage (passive score and/or a challenge). */
export interface LivenessEvidence {
  verdict: LivenessVerdict
  /** p(live) or the stage's own score, for the log. */
  score?: number | null
  /** Short note for the log, e.g. "passive" or "blink challenge passed". */
  source?: string
  /** Passive model: liveness crop side / face box side (the background the model saw). */
  context?: number | null
  /** Passive model: the face had enough context to count as evidence (see passive.ts). */
  hasContext?: boolean
}

/** Head and eyes of the subject face in one frame: what an active challenge watches. */
export interface FacePose {
  /** Rough yaw from the 5 points, degrees: positive = the nose towards the image right (the person's own left). */
  yawDeg: number
  /** p(eyes closed) from the eye model, or null when not measured. */
  eyesClosed: number | null
  /** Eye aspect ratio from the 68 landmarks (about 0.3 open, lower when closing), when measured. */
  eyeAspect?: number | null
}

/**
 * What the decider keeps of the subject face for a few seconds (the appearance's history, in memory
 * only): where it is, its landmarks and its embedding. Tracks follow it across slow frames, and the
 * liveness evidence reads motion and frame-to-frame change from it.
 */
export interface FaceTrace {
  /** Centre and side of the face box, pixels. */
  cx: number
  cy: number
  size: number
  /** The 68 landmarks, pixels. */
  landmarks68: readonly (readonly [number, number])[]
  /** L2-normalised embedding. */
  embedding: Float32Array
}

/** One camera frame as seen by the decider: the subject face (the largest) or none. */
export interface AccessFrame {
  /** Capture time, epoch milliseconds. Frames must come in time order. */
  at: number
  /** The subject face's match, or null when no face is in the frame (ends the face's appearance). */
  match: MatchInput | null
  /**
   * Verification mode: the 1:1 distance to the claimed resident (the engine's verify). When absent
   * it is taken from the match if the claimed resident is the nearest or second-nearest.
   */
  claimDistance?: number
  liveness?: LivenessEvidence
  /** Head pose and eye state, for an active liveness challenge. */
  pose?: FacePose
  /** Face tracker id; a different id starts a new appearance. */
  trackId?: string | number
  /** The subject face's position, landmarks and embedding (track continuity and liveness evidence). */
  face?: FaceTrace
  /** Other faces in view large enough to be someone at the door too (see KIOSK_CONFIG.crowdRatio). */
  othersInView?: number
  /** Weight of this frame's embedding in the fused probe (0..1, see fusion.ts); 1 when absent. */
  quality?: number
}

export const CLAIM_SOURCES = ['tap', 'code', 'badge'] as const
export type ClaimSource = (typeof CLAIM_SOURCES)[number]

export interface Claim {
  residentId: string
  /** Epoch milliseconds of the claim. */
  at: number
  source: ClaimSource
}

export const DECISION_RESULTS = ['granted', 'denied', 'pending', 'locked-out', 'cooldown'] as const
export type DecisionResult = (typeof DECISION_RESULTS)[number]

/** Machine codes of decisions; `message` carries the human sentence. */
export const DECISION_REASONS = [
  // granted
  'recognised',
  'verified',
  // pending
  'collecting',
  'liveness-unsure',
  'liveness-challenge',
  'awaiting-claim',
  'no-face',
  'out-of-order',
  'already-granted',
  // denied
  'several-faces',
  'not-recognised',
  'ambiguous',
  'no-agreement',
  'liveness-failed',
  'challenge-failed',
  'claim-mismatch',
  'other-resident-nearer',
  'claim-timeout',
  // locked-out / cooldown
  'locked-out',
  'cooldown'
] as const
export type DecisionReason = (typeof DECISION_REASONS)[number]

/** 'off': liveness mode off; 'not-evaluated': no identity agreement yet to judge. */
export type LivenessStatus = 'off' | 'not-evaluated' | 'pass' | 'fail' | 'unsure'

export type { AccessMode, LivenessMode }

export interface LivenessSummary {
  /** The liveness mode in force (see LIVENESS_MODES). */
  mode: LivenessMode
  status: LivenessStatus
  /** Mean p(live) of the frames judged, when they carried one. */
  score: number | null
  /** How it was decided, for the log: the passive window's figures, the challenge's steps. */
  detail?: string
  /** The challenge running now (reason 'liveness-challenge'). */
  challenge?: ChallengeState
}

/** Every decision explains itself, for the UI and the access log. */
export interface AccessDecision {
  result: DecisionResult
  reason: DecisionReason
  /** Human sentence for the kiosk screen. */
  message: string
  mode: AccessMode
  /** Time of the frame or call that produced the decision. */
  at: number
  /** The decided resident: set when granted, and for cooldown; null otherwise. */
  residentId: string | null
  /** Best candidate considered (identification) or the claimed resident (verification), for the log. */
  candidateId: string | null
  /** Verification mode: the claimed resident. */
  claimedId: string | null
  /** Distance of the latest relevant frame (to the candidate, or to the claimed resident); null when not finite. */
  distance: number | null
  /** Margin of that frame over the best other resident; null when not finite (no other resident). */
  margin: number | null
  /** Threshold of the active preset. */
  threshold: number
  framesAgreeing: number
  framesConsidered: number
  framesRequired: number
  liveness: LivenessSummary
  /**
   * True when this decision is an outcome to act on and log exactly once: a grant, the first
   * denial of a face appearance (or of a claim), a locked-out claim. Pending and cooldown are never final.
   */
  final: boolean
  /** Locked-out/cooldown (or a denial that started a lockout): when it ends, epoch ms. */
  until?: number
}
