import { explain } from '../access/messages'
import type { AccessDecision } from '../access'
import type { Decision } from '../../shared/ipc/contract'
import { ANONYMOUS_CLAIMED, ANONYMOUS_RESIDENT, type AccessEventInput } from '../store'

const finiteOrNull = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** Has the door been granted to this decision's resident (so the kiosk may greet them by name)? */
function grantedToResident(d: AccessDecision): boolean {
  return d.residentId !== null && (d.result === 'granted' || d.result === 'cooldown' || d.reason === 'already-granted')
}

/**
 * The decider's explanation as the public kiosk API shows it: no distance or margin, and no name
 * before a grant (the nearest resident of a pending or refused face is never revealed); the claimed
 * resident's name in verification mode is the one the person gave.
 */
export function decisionToDto(d: AccessDecision, nameOf: (id: string) => string | null): Decision {
  const granted = grantedToResident(d)
  const claimedName = d.claimedId ? nameOf(d.claimedId) : null
  const shownId = granted ? d.residentId : d.claimedId
  return {
    result: d.result,
    residentId: granted ? d.residentId : null,
    name: shownId ? nameOf(shownId) : null,
    claimedResidentId: d.claimedId,
    framesAgreeing: d.framesAgreeing,
    framesConsidered: d.framesConsidered,
    framesRequired: d.framesRequired,
    liveness: d.liveness.mode !== 'off' ? livenessDto(d) : null,
    reason: d.reason,
    message: granted || !namesCandidate(d, nameOf) ? d.message : publicMessage(d, claimedName)
  }
}

/** Does the decider's sentence name the nearest resident of a face the door was not granted to? */
function namesCandidate(d: AccessDecision, nameOf: (id: string) => string | null): boolean {
  const candidate = d.residentId ?? d.candidateId
  if (!candidate || candidate === d.claimedId) return false
  const name = nameOf(candidate)
  return name !== null && d.message.includes(name)
}

/** The decision's sentence without the name of a resident the door was not granted to. */
function publicMessage(d: AccessDecision, claimedName: string | null): string {
  const challenge = d.liveness.challenge
  return explain(d.reason, {
    mode: d.mode,
    name: null,
    claimedName: claimedName ?? 'the claimed resident',
    framesAgreeing: d.framesAgreeing,
    framesRequired: d.framesRequired,
    ...(d.until !== undefined ? { remainingMs: Math.max(0, d.until - d.at) } : {}),
    ...(challenge !== undefined ? { challenge: { kind: challenge.kind, attempt: challenge.attempt } } : {})
  })
}

/** The liveness part of a decision: verdict, mode, how it was reached, the running challenge step. */
function livenessDto(d: AccessDecision): NonNullable<Decision['liveness']> {
  const { status, score, mode, detail, challenge } = d.liveness
  const dto: NonNullable<Decision['liveness']> = { status, score: finiteOrNull(score), mode }
  if (detail !== undefined) dto.detail = detail
  if (challenge !== undefined) {
    const { kind, step, steps, attempt, attempts, endsAt } = challenge
    dto.challenge = { kind, step, steps, attempt, attempts, endsAt }
  }
  return dto
}

export const IDLE_DECISION: Decision = {
  result: 'idle',
  residentId: null,
  name: null,
  claimedResidentId: null,
  framesAgreeing: 0,
  framesConsidered: 0,
  framesRequired: 0,
  liveness: null,
  reason: 'no-face',
  message: 'Waiting for someone at the door'
}

/**
 * The log's sentence names nobody: names live only in the resident columns, which a hard delete
 * erases, so no deleted resident's name survives in free text.
 */
function anonymousMessage(d: AccessDecision): string {
  return explain(d.reason, {
    mode: d.mode,
    name: d.candidateId ? ANONYMOUS_RESIDENT : null,
    claimedName: d.claimedId ? ANONYMOUS_CLAIMED : null,
    framesAgreeing: d.framesAgreeing,
    framesRequired: d.framesRequired,
    ...(d.until !== undefined ? { remainingMs: Math.max(0, d.until - d.at) } : {})
  })
}

/** What the access log keeps of the liveness evidence (p(live) clamped into the log's 0..1 range). */
function eventLiveness(d: AccessDecision): NonNullable<AccessEventInput['liveness']> {
  const score = finiteOrNull(d.liveness.score)
  const entry: NonNullable<AccessEventInput['liveness']> = { status: d.liveness.status, score: score === null ? null : Math.min(1, Math.max(0, score)), mode: d.liveness.mode }
  if (d.liveness.detail !== undefined) entry.detail = d.liveness.detail.slice(0, 500)
  return entry
}

/** The log entry of a final decision (the door outcome is added once the door has answered). */
export function decisionToEvent(d: AccessDecision): AccessEventInput {
  const result = d.result === 'granted' ? 'granted' : d.result === 'locked-out' ? 'locked-out' : 'denied'
  return {
    time: new Date(d.at).toISOString(),
    mode: d.mode,
    claimedResidentId: d.claimedId,
    decidedResidentId: d.result === 'granted' ? d.residentId : null,
    distance: finiteOrNull(d.distance),
    margin: finiteOrNull(d.margin),
    threshold: finiteOrNull(d.threshold),
    frames: { agreeing: d.framesAgreeing, considered: d.framesConsidered, required: d.framesRequired },
    liveness: d.liveness.status === 'off' ? null : eventLiveness(d),
    result,
    reason: d.reason,
    message: anonymousMessage(d).slice(0, 500),
    doorOutcome: null
  }
}
