import type { ChallengeKind, ChallengeState } from '../liveness/challenge'
import type { AccessMode, DecisionReason } from './types'

/** What a message may mention; names come from the caller's resolver (ids by default). */
export interface MessageFacts {
  mode: AccessMode
  name: string | null
  claimedName: string | null
  framesAgreeing: number
  framesRequired: number
  /** Time left (ms) for lockout/cooldown. */
  remainingMs?: number
  /** Lockouts pause claims at the whole kiosk (config.lockout.scope 'kiosk'), not one resident's. */
  kioskWide?: boolean
  /** A denial that started a lockout: its length in ms. */
  lockoutMs?: number
  /** The liveness challenge running now. */
  challenge?: Pick<ChallengeState, 'kind' | 'attempt'>
}

const CHALLENGE_PROMPTS: Record<ChallengeKind, string> = {
  blink: 'Blink slowly',
  'turn-left': 'Turn your head a little to your left',
  'turn-right': 'Turn your head a little to your right'
}

const SECOND_MS = 1000
const MINUTE_MS = 60 * SECOND_MS
const HOUR_MS = 60 * MINUTE_MS

/** "45 s", "3 min", "2 h": rounded up, since "0 s left" would be wrong. */
export function formatDuration(ms: number): string {
  if (ms < MINUTE_MS) return `${Math.max(1, Math.ceil(ms / SECOND_MS))} s`
  if (ms < HOUR_MS) return `${Math.ceil(ms / MINUTE_MS)} min`
  return `${Math.ceil(ms / HOUR_MS)} h`
}

const TEMPLATES: Record<DecisionReason, (f: MessageFacts) => string> = {
  recognised: (f) => `Welcome, ${f.name}`,
  verified: (f) => `Welcome, ${f.name}: identity confirmed`,
  collecting: (f) =>
    f.mode === 'verification'
      ? `Look at the camera, ${f.claimedName} (${f.framesAgreeing}/${f.framesRequired})`
      : `Hold still: checking (${f.framesAgreeing}/${f.framesRequired})`,
  'liveness-unsure': () => 'Hold still: checking this is a live face',
  'liveness-challenge': (f) =>
    f.challenge ? `${f.challenge.attempt > 1 ? "Let's try again. " : ''}${CHALLENGE_PROMPTS[f.challenge.kind]}` : 'Follow the instructions on the screen',
  'awaiting-claim': () => 'Tap your name, type your code or show your badge first',
  'no-face': () => 'Step in front of the camera',
  'out-of-order': () => 'Ignored a late camera frame',
  'already-granted': (f) => `Welcome, ${f.name}`,
  'several-faces': () => 'One person at a time, please: the door opens for one face only',
  'not-recognised': () => 'Not recognised: this face is not enrolled',
  ambiguous: (f) => `Not sure who this is: too close to two residents${f.name ? ` (nearest: ${f.name})` : ''}`,
  'no-agreement': () => 'Could not confirm who this is: hold still and try again',
  'liveness-failed': () => 'Access refused: this does not look like a live face',
  'challenge-failed': () => 'Access refused: the liveness check was not completed in time. Step away and try again',
  'claim-mismatch': (f) => `Access refused: this face does not match ${f.claimedName}`,
  'other-resident-nearer': (f) => `Access refused: this face looks more like another resident than ${f.claimedName}`,
  'claim-timeout': (f) => `Access refused: ${f.claimedName} was not confirmed in time`,
  'locked-out': (f) =>
    f.kioskWide
      ? `Too many failed attempts at this door: try again in ${formatDuration(f.remainingMs ?? 0)}`
      : `Too many failed attempts for ${f.claimedName}: try again in ${formatDuration(f.remainingMs ?? 0)}`,
  cooldown: (f) => `${f.name}, the door was just opened for you`
}

export function explain(reason: DecisionReason, facts: MessageFacts): string {
  const message = TEMPLATES[reason](facts)
  return facts.lockoutMs === undefined
    ? message
    : facts.kioskWide
      ? `${message}. Too many failed attempts: claims at this door are paused for ${formatDuration(facts.lockoutMs)}`
      : `${message}. Too many failed attempts: ${facts.claimedName} is locked for ${formatDuration(facts.lockoutMs)}`
}
