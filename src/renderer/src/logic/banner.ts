import type { Decision, DoorEvent, FrameResult } from '../../../shared/ipc/contract'
import type { AccessMode } from '../../../shared/settings'
import type { MessageKey } from '../i18n/en'
import { decisionReasonKey } from '../i18n/keys'

/**
 * What the big door banner says, derived from the door state, the latest decision and the prompt.
 * Pure: the kiosk state feeds it, the banner component renders it, tests check the priorities.
 */

export type Prompt = FrameResult['prompt']
export type BannerTone = 'idle' | 'progress' | 'success' | 'danger' | 'warning'
export type BannerKind =
  | 'locked'
  | 'welcome'
  | 'not-recognised'
  | 'denied'
  | 'locked-out'
  | 'door-failed'
  | 'hold-still'
  | 'look-at-camera'
  | 'move-closer'
  | 'one-at-a-time'
  | 'claim-first'
  | 'blink'
  | 'turn-left'
  | 'turn-right'
  | 'checking'
  | 'verifying'
  | 'getting-ready'

export type Params = Record<string, string | number>
export type Message = { key: MessageKey; params?: Params } | { text: string }

export interface Banner {
  kind: BannerKind
  tone: BannerTone
  title: Message
  detail: Message | null
  /** Frames agreeing so far / required, while checking. */
  progress: { done: number; total: number } | null
}

export interface BannerInput {
  mode: AccessMode
  door: Pick<DoorEvent, 'state' | 'name' | 'message'> | null
  decision: Decision | null
  prompt: Prompt
  /** Name of the identity claimed in verification mode, while the claim runs. */
  claimedName: string | null
  engineReady: boolean
}

const PROMPT_KINDS: Record<Exclude<Prompt, 'none'>, { kind: BannerKind; key: MessageKey; tone: BannerTone; detail: MessageKey | null }> = {
  'hold-still': { kind: 'hold-still', key: 'banner.holdStill', tone: 'progress', detail: 'banner.checking' },
  'look-at-camera': { kind: 'look-at-camera', key: 'banner.lookAtCamera', tone: 'progress', detail: 'banner.lookAtCameraDetail' },
  'move-closer': { kind: 'move-closer', key: 'banner.moveCloser', tone: 'warning', detail: 'banner.moveCloserDetail' },
  'one-at-a-time': { kind: 'one-at-a-time', key: 'banner.oneAtATime', tone: 'warning', detail: 'banner.oneAtATimeDetail' },
  'claim-first': { kind: 'claim-first', key: 'banner.claimFirst', tone: 'progress', detail: 'banner.lockedVerification' },
  blink: { kind: 'blink', key: 'banner.blink', tone: 'warning', detail: 'banner.challengeDetail' },
  'turn-left': { kind: 'turn-left', key: 'banner.turnLeft', tone: 'warning', detail: 'banner.challengeDetail' },
  'turn-right': { kind: 'turn-right', key: 'banner.turnRight', tone: 'warning', detail: 'banner.challengeDetail' }
}

const CHALLENGE_PROMPTS: ReadonlySet<Prompt> = new Set(['blink', 'turn-left', 'turn-right'])
/** Prompts that hold whether or not a name was chosen (the others are about checking a claim). */
const ANY_TIME_PROMPTS: ReadonlySet<Prompt> = new Set(['one-at-a-time', 'move-closer'])

/** The decision's reason as a translated sentence when known, else main's own sentence. */
export function reasonMessage(decision: Decision, claimedName: string | null): Message {
  const key = decisionReasonKey(decision.reason)
  if (!key) return { text: decision.message }
  return { key, params: { name: decision.name ?? '', claimed: claimedName ?? decision.name ?? '' } }
}

function welcome(name: string | null, detail: Message | null): Banner {
  return {
    kind: 'welcome',
    tone: 'success',
    title: name ? { key: 'banner.welcome', params: { name } } : { key: 'banner.welcomeAnonymous' },
    detail,
    progress: null
  }
}

const banner = (kind: BannerKind, tone: BannerTone, title: Message, detail: Message | null = null): Banner => ({
  kind,
  tone,
  title,
  detail,
  progress: null
})

export function deriveBanner(input: BannerInput): Banner {
  const { door, decision, prompt, claimedName } = input
  if (door?.state === 'failed') {
    return banner('door-failed', 'danger', { key: 'banner.doorFailed' }, { key: 'banner.doorFailedDetail' })
  }
  if (door?.state === 'open' || door?.state === 'unlocking') {
    const detail: MessageKey = door.state === 'open' ? 'banner.doorOpen' : 'banner.unlocking'
    return welcome(door.name ?? decision?.name ?? null, { key: detail })
  }
  if (decision?.result === 'granted') return welcome(decision.name, { key: 'banner.unlocking' })
  if (decision?.result === 'cooldown') return welcome(decision.name, reasonMessage(decision, claimedName))
  // Granted earlier in this appearance: still welcome, not judged again while they stay in view.
  if (decision?.result === 'pending' && decision.reason === 'already-granted') return welcome(decision.name, { key: 'banner.doorOpen' })
  if (decision?.result === 'locked-out') {
    return banner('locked-out', 'danger', { key: 'banner.lockedOut' }, reasonMessage(decision, claimedName))
  }
  if (decision?.result === 'denied' && decision.reason === 'several-faces') {
    const p = PROMPT_KINDS['one-at-a-time']
    return banner(p.kind, 'danger', { key: p.key }, p.detail ? { key: p.detail } : null)
  }
  if (decision?.result === 'denied') {
    const notRecognised = decision.reason === 'not-recognised'
    return banner(
      notRecognised ? 'not-recognised' : 'denied',
      'danger',
      { key: notRecognised ? 'banner.notRecognised' : 'banner.denied' },
      notRecognised ? { key: 'banner.notRecognisedDetail' } : reasonMessage(decision, claimedName)
    )
  }
  if (!input.engineReady) return banner('getting-ready', 'idle', { key: 'banner.locked' }, { key: 'banner.gettingReady' })
  // Verification without a claim: the name list is on screen and gives the instruction itself, so the
  // banner does not repeat it, and a "Hold still" from frames of a claim that just ended is out of date.
  const choosing = input.mode === 'verification' && !claimedName
  // "Tap your name first" from a frame sent before the claim reached main is already out of date.
  const stalePrompt = prompt === 'claim-first' ? true : choosing && !ANY_TIME_PROMPTS.has(prompt)
  if (prompt !== 'none' && !stalePrompt) {
    const p = PROMPT_KINDS[prompt]
    if (CHALLENGE_PROMPTS.has(prompt)) return challengeBanner(p, decision)
    const detail: Message | null =
      claimedName && prompt === 'hold-still' ? { key: 'banner.verifyingDetail' } : p.detail ? { key: p.detail } : null
    return { ...banner(p.kind, p.tone, { key: p.key }, detail), progress: progressOf(decision) }
  }
  if (decision?.result === 'pending' && decision.reason === 'collecting' && !choosing) {
    const title: Message = claimedName ? { key: 'banner.verifying', params: { name: claimedName } } : { key: 'banner.holdStill' }
    return {
      ...banner(claimedName ? 'verifying' : 'checking', 'progress', title, { key: 'banner.checking' }),
      progress: progressOf(decision)
    }
  }
  if (claimedName) {
    return banner('verifying', 'progress', { key: 'banner.verifying', params: { name: claimedName } }, { key: 'banner.verifyingDetail' })
  }
  if (door?.state === 'relocking') return banner('locked', 'idle', { key: 'banner.locked' }, { key: 'banner.relocking' })
  return banner('locked', 'idle', { key: 'banner.locked' }, choosing ? null : { key: 'banner.lockedIdentification' })
}

/** A liveness challenge step: the instruction, a retry note after a time-out, dots for the steps. */
function challengeBanner(p: (typeof PROMPT_KINDS)[keyof typeof PROMPT_KINDS], decision: Decision | null): Banner {
  const challenge = decision?.liveness?.challenge
  const detail: Message = challenge && challenge.attempt > 1 ? { key: 'banner.challengeRetry' } : { key: p.detail ?? 'banner.challengeDetail' }
  const progress = challenge ? { done: challenge.step, total: challenge.steps } : null
  return { ...banner(p.kind, p.tone, { key: p.key }, detail), progress }
}

function progressOf(decision: Decision | null): Banner['progress'] {
  // Dots only once a frame agrees: an empty row reads as "nothing is happening".
  if (!decision || decision.result !== 'pending' || decision.framesAgreeing <= 0) return null
  return { done: decision.framesAgreeing, total: Math.max(decision.framesRequired, decision.framesAgreeing) }
}

/** Final outcomes stay on screen a moment, so "Not recognised" is readable before the next frame replaces it. */
export const FINAL_RESULTS: ReadonlySet<Decision['result']> = new Set(['granted', 'denied', 'locked-out', 'cooldown'])

export interface HeldDecision {
  decision: Decision
  until: number
}

/**
 * Which decision to show: a new final decision always wins; a non-final one only replaces a held final
 * decision once its hold time has passed.
 */
export function holdDecision(held: HeldDecision | null, incoming: Decision, now: number, holdMs: number): HeldDecision {
  if (FINAL_RESULTS.has(incoming.result)) return { decision: incoming, until: now + holdMs }
  if (held && FINAL_RESULTS.has(held.decision.result) && now < held.until) return held
  return { decision: incoming, until: now }
}
