import { describe, expect, it } from 'vitest'
import { deriveBanner, holdDecision, type BannerInput } from '../../../src/renderer/src/logic/banner'
import type { Decision } from '../../../src/shared/ipc/contract'

const decision = (over: Partial<Decision>): Decision => ({
  result: 'idle',
  residentId: null,
  name: null,
  claimedResidentId: null,
  framesAgreeing: 0,
  framesConsidered: 0,
  framesRequired: 3,
  liveness: null,
  reason: 'no-face',
  message: 'Waiting for someone at the door',
  ...over
})

const base: BannerInput = { mode: 'identification', door: null, decision: null, prompt: 'none', claimedName: null, engineReady: true }

describe('deriveBanner', () => {
  it('shows the locked door and how to come in, by mode', () => {
    const b = deriveBanner(base)
    expect(b.kind).toBe('locked')
    expect(b.detail).toEqual({ key: 'banner.lockedIdentification' })
    // Verification: the name list beside the banner says "tap your name"; the banner does not repeat it.
    expect(deriveBanner({ ...base, mode: 'verification' }).detail).toBeNull()
  })

  it('shows no "Hold still" next to the name list once a claim has ended (issue 14 item 10)', () => {
    const collecting = decision({ result: 'pending', reason: 'collecting', framesAgreeing: 1, framesConsidered: 2 })
    for (const prompt of ['hold-still', 'look-at-camera', 'blink', 'claim-first'] as const) {
      const b = deriveBanner({ ...base, mode: 'verification', prompt, decision: collecting })
      expect(b.kind, prompt).toBe('locked')
      expect(b.detail, prompt).toBeNull()
    }
    // What holds with or without a name still shows.
    expect(deriveBanner({ ...base, mode: 'verification', prompt: 'one-at-a-time' }).kind).toBe('one-at-a-time')
    // While a claim runs, the same prompt is the instruction.
    expect(deriveBanner({ ...base, mode: 'verification', prompt: 'hold-still', claimedName: 'Kian', decision: collecting }).kind).toBe('hold-still')
  })

  it('welcomes the resident by name while the door is open', () => {
    const b = deriveBanner({ ...base, door: { state: 'open', name: 'Younes', message: null } })
    expect(b).toMatchObject({ kind: 'welcome', tone: 'success', title: { key: 'banner.welcome', params: { name: 'Younes' } }, detail: { key: 'banner.doorOpen' } })
  })

  it('welcomes on a grant even before the door event arrives', () => {
    const b = deriveBanner({ ...base, decision: decision({ result: 'granted', residentId: 'r1', name: 'Kian', reason: 'recognised' }) })
    expect(b.kind).toBe('welcome')
    expect(b.title).toEqual({ key: 'banner.welcome', params: { name: 'Kian' } })
  })

  it('says "not recognised" for a stranger and translates other refusals', () => {
    expect(deriveBanner({ ...base, decision: decision({ result: 'denied', reason: 'not-recognised' }) }).kind).toBe('not-recognised')
    const mismatch = deriveBanner({
      ...base,
      mode: 'verification',
      claimedName: 'Kian',
      decision: decision({ result: 'denied', reason: 'claim-mismatch', name: 'Kian' })
    })
    expect(mismatch).toMatchObject({ kind: 'denied', tone: 'danger', detail: { key: 'reason.claim-mismatch', params: { claimed: 'Kian' } } })
  })

  it("falls back to main's sentence for a reason it does not know", () => {
    const b = deriveBanner({ ...base, decision: decision({ result: 'denied', reason: 'brand-new-reason', message: 'Refused for a new reason' }) })
    expect(b.detail).toEqual({ text: 'Refused for a new reason' })
  })

  it('puts a door failure above everything', () => {
    const b = deriveBanner({ ...base, door: { state: 'failed', name: null, message: 'HTTP 500' }, decision: decision({ result: 'granted', name: 'Kian' }) })
    expect(b.kind).toBe('door-failed')
  })

  it('turns prompts into instructions, with agreement progress while checking', () => {
    const b = deriveBanner({ ...base, prompt: 'hold-still', decision: decision({ result: 'pending', reason: 'collecting', framesAgreeing: 2, framesConsidered: 3 }) })
    expect(b).toMatchObject({ kind: 'hold-still', progress: { done: 2, total: 3 } })
    expect(deriveBanner({ ...base, prompt: 'look-at-camera' }).kind).toBe('look-at-camera')
    expect(deriveBanner({ ...base, prompt: 'move-closer' }).tone).toBe('warning')
  })

  it('ignores a stale "tap your name first" once a claim runs, and names the claimed resident', () => {
    const b = deriveBanner({ ...base, mode: 'verification', prompt: 'claim-first', claimedName: 'Benoit' })
    expect(b.kind).toBe('verifying')
    expect(b.title).toEqual({ key: 'banner.verifying', params: { name: 'Benoit' } })
  })

  it('says it is getting ready while the engine loads', () => {
    expect(deriveBanner({ ...base, engineReady: false }).kind).toBe('getting-ready')
  })
})

describe('holdDecision', () => {
  const denied = decision({ result: 'denied', reason: 'not-recognised' })
  const pending = decision({ result: 'pending', reason: 'collecting' })

  it('keeps a final decision on screen for the hold time against pending frames', () => {
    const held = holdDecision(null, denied, 1_000, 3_000)
    expect(holdDecision(held, pending, 2_000, 3_000).decision).toBe(denied)
    expect(holdDecision(held, pending, 4_500, 3_000).decision).toBe(pending)
  })

  it('lets a new final decision replace a held one at once', () => {
    const held = holdDecision(null, denied, 1_000, 3_000)
    const granted = decision({ result: 'granted', name: 'Younes' })
    expect(holdDecision(held, granted, 1_500, 3_000).decision).toBe(granted)
  })
})

describe('deriveBanner: liveness', () => {
  const challenge = (kind: 'blink' | 'turn-left' | 'turn-right', step: number, attempt: number) =>
    decision({
      result: 'pending',
      reason: 'liveness-challenge',
      liveness: { status: 'unsure', score: 0.05, challenge: { kind, step, steps: 2, attempt, attempts: 2, endsAt: 0 } }
    })

  it('shows each challenge step with its instruction and the steps done', () => {
    const blink = deriveBanner({ ...base, prompt: 'blink', decision: challenge('blink', 0, 1) })
    expect(blink).toMatchObject({ kind: 'blink', title: { key: 'banner.blink' }, detail: { key: 'banner.challengeDetail' }, progress: { done: 0, total: 2 } })
    const turn = deriveBanner({ ...base, prompt: 'turn-left', decision: challenge('turn-left', 1, 1) })
    expect(turn).toMatchObject({ kind: 'turn-left', title: { key: 'banner.turnLeft' }, progress: { done: 1, total: 2 } })
    expect(deriveBanner({ ...base, prompt: 'turn-right', decision: challenge('turn-right', 0, 1) }).title).toEqual({ key: 'banner.turnRight' })
  })

  it('says when a timed-out challenge starts again', () => {
    expect(deriveBanner({ ...base, prompt: 'blink', decision: challenge('blink', 0, 2) }).detail).toEqual({ key: 'banner.challengeRetry' })
  })

  it('explains a refused photo or screen', () => {
    const b = deriveBanner({ ...base, decision: decision({ result: 'denied', reason: 'liveness-failed' }) })
    expect(b).toMatchObject({ kind: 'denied', tone: 'danger', title: { key: 'banner.denied' }, detail: { key: 'reason.liveness-failed' } })
    expect(deriveBanner({ ...base, decision: decision({ result: 'denied', reason: 'challenge-failed' }) }).detail).toMatchObject({ key: 'reason.challenge-failed' })
  })
})
