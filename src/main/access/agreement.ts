import type { FrameCheck, FrameFailure } from './frame-check'
import type { DecisionReason } from './types'

export interface Agreement {
  /** Resident with the most passing frames; when none pass, the most frequent candidate (for the log). */
  candidateId: string | null
  /** Passing frames naming that resident, oldest first. */
  agreeing: FrameCheck[]
  /** Latest check of that candidate (for the reported distance/margin). */
  latest: FrameCheck | undefined
}

const DENIAL_OF_FAILURE: Record<FrameFailure, DecisionReason> = {
  'no-candidate': 'not-recognised',
  'over-threshold': 'not-recognised',
  'low-margin': 'ambiguous',
  'claim-mismatch': 'claim-mismatch',
  'other-resident-nearer': 'other-resident-nearer'
}

/** Counts per key, remembering the last index so ties go to the most recent. */
function mostFrequent<T>(items: readonly T[]): T | undefined {
  const counts = new Map<T, { count: number; last: number }>()
  items.forEach((item, index) => {
    const entry = counts.get(item) ?? { count: 0, last: -1 }
    counts.set(item, { count: entry.count + 1, last: index })
  })
  let best: T | undefined
  let bestEntry = { count: 0, last: -1 }
  for (const [item, entry] of counts) {
    if (entry.count > bestEntry.count || (entry.count === bestEntry.count && entry.last > bestEntry.last)) {
      best = item
      bestEntry = entry
    }
  }
  return best
}

/** Which resident the recent frames agree on, and with how many frames. */
export function findAgreement(checks: readonly FrameCheck[]): Agreement {
  const passing = checks.filter((c) => c.passed)
  const candidateId =
    mostFrequent(passing.map((c) => c.candidateId)) ??
    mostFrequent(checks.map((c) => c.candidateId).filter((id) => id !== null)) ??
    null
  const agreeing = passing.filter((c) => c.candidateId === candidateId)
  const ofCandidate = checks.filter((c) => c.candidateId === candidateId)
  return { candidateId, agreeing, latest: ofCandidate.at(-1) ?? checks.at(-1) }
}

/**
 * The reason to give when the frames do not agree: the most common frame failure, or
 * "no agreement" when most frames passed but named different residents.
 */
export function denialReason(checks: readonly FrameCheck[]): DecisionReason {
  const failures = checks.flatMap((c) => (c.failure === undefined ? [] : [c.failure]))
  const passed = checks.length - failures.length
  const dominant = mostFrequent(failures)
  return dominant === undefined || passed > failures.length ? 'no-agreement' : DENIAL_OF_FAILURE[dominant]
}
