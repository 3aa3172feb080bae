import type { AccessFrame, MatchInput } from './types'

/** Why one frame does not support a grant (identity only; liveness is judged over frames). */
export type FrameFailure = 'no-candidate' | 'over-threshold' | 'low-margin' | 'claim-mismatch' | 'other-resident-nearer'

export interface FrameCheck {
  frame: AccessFrame
  /** Identification: the nearest resident; verification: the claimed resident. */
  candidateId: string | null
  distance: number | null
  margin: number | null
  passed: boolean
  failure?: FrameFailure
}

export interface IdentificationRule {
  threshold: number
  minMargin: number
}

export interface VerificationRule extends IdentificationRule {
  claimedId: string
}

/** The candidate regardless of the engine's own threshold: the decider applies the preset's. */
export function nearestResident(match: MatchInput): string | null {
  return match.nearestId !== undefined ? match.nearestId : match.residentId
}

function result(frame: AccessFrame, candidateId: string | null, distance: number | null, margin: number | null, failure?: FrameFailure): FrameCheck {
  return failure === undefined
    ? { frame, candidateId, distance, margin, passed: true }
    : { frame, candidateId, distance, margin, passed: false, failure }
}

/** 1:N: the nearest resident, under the threshold, clear of the second-nearest by the margin. */
export function checkIdentification(frame: AccessFrame, match: MatchInput, rule: IdentificationRule): FrameCheck {
  const candidate = nearestResident(match)
  const { distance, margin } = match
  if (candidate === null) return result(frame, null, distance, margin, 'no-candidate')
  if (!(distance < rule.threshold)) return result(frame, candidate, distance, margin, 'over-threshold')
  if (!(margin >= rule.minMargin)) return result(frame, candidate, distance, margin, 'low-margin')
  return result(frame, candidate, distance, margin)
}

/** Distance to the claimed resident: given by the engine's 1:1 verify, or read from the top two. */
export function claimedDistance(frame: AccessFrame, match: MatchInput, claimedId: string): number | undefined {
  if (frame.claimDistance !== undefined) return frame.claimDistance
  if (nearestResident(match) === claimedId) return match.distance
  if (match.secondId === claimedId) return match.secondDistance
  return undefined
}

/**
 * 1:1 against the claimed resident only: under the threshold, and no other resident nearer (by
 * the verification margin). Benoit holding Kian's card fails here.
 */
export function checkVerification(frame: AccessFrame, match: MatchInput, rule: VerificationRule): FrameCheck {
  const claimed = rule.claimedId
  const distance = claimedDistance(frame, match, claimed)
  // Two other residents are nearer than the claimed one: not them.
  if (distance === undefined) return result(frame, claimed, null, null, 'other-resident-nearer')
  const otherDistance = nearestResident(match) === claimed ? match.secondDistance : match.distance
  const margin = otherDistance - distance
  if (!(distance < rule.threshold)) return result(frame, claimed, distance, margin, 'claim-mismatch')
  if (!(margin >= rule.minMargin)) return result(frame, claimed, distance, margin, 'other-resident-nearer')
  return result(frame, claimed, distance, margin)
}
