import type { AccessFrame, LivenessEvidence, LivenessStatus } from './types'

export interface LivenessJudgement {
  status: Extract<LivenessStatus, 'pass' | 'fail' | 'unsure'>
  /** Mean score of the judged frames that carried one. */
  score: number | null
  detail?: string
}

export interface LivenessInput {
  /** Frames that agree on the resident, oldest first. */
  agreeing: readonly AccessFrame[]
  /** Every frame of the current window, oldest first (a window-based policy may use them all). */
  window: readonly AccessFrame[]
  /** Time of the decision. */
  at: number
}

/**
 * The seam for liveness: judged once identity agreement is reached, before a grant. The default
 * reads per-frame verdicts; a window-level passive model or an active challenge plugs in here
 * (or feeds its verdicts into the frames' `liveness` evidence).
 */
export interface LivenessPolicy {
  judge(input: LivenessInput): LivenessJudgement
}

function meanScore(frames: readonly AccessFrame[]): number | null {
  const scores = frames.flatMap((f) => (typeof f.liveness?.score === 'number' ? [f.liveness.score] : []))
  return scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length
}

/**
 * Default policy over the agreeing frames: pass when at least `minLiveFraction` of them are live,
 * fail when spoof frames make that impossible, unsure otherwise (frames without evidence are unsure).
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
      return { status: 'unsure', score, detail }
    }
  }
}

export interface ScoreCuts {
  liveAtOrAbove: number
  spoofBelow: number
}

/** Per-frame evidence from a passive p(live) (the engine's EmbeddedFace.liveness); no score is unsure. */
export function evidenceFromScore(score: number | null | undefined, cuts: ScoreCuts): LivenessEvidence {
  if (typeof score !== 'number' || !Number.isFinite(score)) return { verdict: 'unsure', score: null, source: 'passive' }
  const verdict = score >= cuts.liveAtOrAbove ? 'live' : score < cuts.spoofBelow ? 'spoof' : 'unsure'
  return { verdict, score, source: 'passive' }
}
