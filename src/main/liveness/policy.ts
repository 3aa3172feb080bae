import type { ChallengeState } from './challenge'
import { judgePassiveWindow, type PassiveOperatingPoint, type UnsureReason } from './passive'
import type { AccessFrame, LivenessStatus } from '../access/types'

export interface LivenessJudgement {
  status: Extract<LivenessStatus, 'pass' | 'fail' | 'unsure'>
  /** Mean p(live) of the judged frames that carried one. */
  score: number | null
  /** Why the judgement is unsure: 'collecting' waits for frames; the others may call for a challenge. */
  unsureBecause?: UnsureReason
  detail?: string
  /** Set by the decider while a challenge runs. */
  challenge?: ChallengeState
}

export interface LivenessInput {
  /** Frames that agree on the resident, oldest first. */
  agreeing: readonly AccessFrame[]
  /** Every frame of the current agreement window, oldest first. */
  window: readonly AccessFrame[]
  /** Every frame of the tracked face's appearance within the policy's historyMs, oldest first. */
  history: readonly AccessFrame[]
  /** Time of the decision. */
  at: number
  /** Measured time between the appearance's frames (median), or null before the second frame. */
  intervalMs?: number | null
}

/**
 * The seam for passive liveness: judged once identity agreement is reached (and on every frame of an
 * active challenge), before a grant. The decider turns the judgement into a grant, a refusal, a wait
 * or a challenge according to the liveness mode.
 */
export interface LivenessPolicy {
  judge(input: LivenessInput): LivenessJudgement
  /** How far back the decider keeps the appearance's frames for `history` (default: none kept). */
  readonly historyMs?: number
}

/** The calibrated policy: mean clamped log-odds over the tracked face's last `windowMs` (see passive.ts). */
export function passiveWindowPolicy(op: PassiveOperatingPoint): LivenessPolicy {
  return {
    historyMs: op.windowMs,
    judge({ history, at }) {
      const w = judgePassiveWindow(history, at, op)
      const judgement: LivenessJudgement = { status: w.status, score: w.meanScore, detail: w.detail }
      if (w.unsureBecause !== undefined) judgement.unsureBecause = w.unsureBecause
      return judgement
    }
  }
}

function meanScore(frames: readonly AccessFrame[]): number | null {
  const scores = frames.flatMap((f) => (typeof f.liveness?.score === 'number' ? [f.liveness.score] : []))
  return scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length
}

/**
 * Fallback without the models' calibration (a decider built without one): pass when at least
 * `minLiveFraction` of the agreeing frames carry a 'live' verdict, fail when spoof verdicts make that
 * impossible, unsure otherwise (frames without evidence are unsure).
 */
export function fractionLivenessPolicy(minLiveFraction: number): LivenessPolicy {
  return {
    judge({ agreeing }) {
      const total = agreeing.length
      const live = agreeing.filter((f) => f.liveness?.verdict === 'live').length
      const spoof = agreeing.filter((f) => f.liveness?.verdict === 'spoof').length
      const score = meanScore(agreeing)
      const detail = `${live} live, ${spoof} spoof, ${total - live - spoof} unsure of ${total} frames`
      if (total > 0 && live / total >= minLiveFraction) return { status: 'pass', score, detail }
      if (total === 0 || (total - spoof) / total < minLiveFraction) return { status: 'fail', score, detail }
      return { status: 'unsure', score, unsureBecause: 'between-cuts', detail }
    }
  }
}
