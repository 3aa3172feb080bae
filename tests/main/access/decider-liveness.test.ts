import { describe, expect, it } from 'vitest'
import { AccessDecider } from '../../../src/main/access/decider'
import { passiveWindowPolicy, type LivenessPolicy } from '../../../src/main/liveness/policy'
import type { AccessDecision, AccessFrame, FacePose, LivenessEvidence } from '../../../src/main/access/types'
import { LIVENESS_MODES, type LivenessMode } from '../../../src/shared/settings'
import { CALIBRATION, FRONTAL_CLOSED, FRONTAL_OPEN, P_BETWEEN, P_LIVE, P_SPOOF, THRESHOLDS, TURNED_LEFT, face, noFace, passive } from './frames'

const STEP = 125
const NAMES: Record<string, string> = { kian: 'Kian', ana: 'Ana' }

/** Always draws the first kind: blink, then turn-left (no kind twice in a row). */
const FIRST = () => 0

function decider(mode: LivenessMode, extra: Record<string, unknown> = {}, liveness?: LivenessPolicy): AccessDecider {
  return new AccessDecider({
    // K = 3 agreeing frames at 8 frames/s (STEP).
    config: { agreement: { confirmMs: 3 * STEP }, ...extra, liveness: { mode } },
    thresholds: THRESHOLDS,
    livenessCalibration: CALIBRATION,
    // The decision flow around a passive window; the camera evidence policy has its own tests.
    liveness: liveness ?? passiveWindowPolicy(CALIBRATION.passive),
    random: FIRST,
    nameOf: (id) => NAMES[id] ?? id
  })
}

interface Shot {
  p: number | null
  pose?: FacePose
  context?: number
  nearest?: string
  distance?: number
}

/** Camera frames of one person, STEP ms apart from `start`. */
function frames(shots: Shot[], start = 0): AccessFrame[] {
  return shots.map((s, i) => {
    const liveness: LivenessEvidence = passive(s.p, s.context ?? 2.7)
    return face(start + i * STEP, { nearest: s.nearest ?? 'kian', distance: s.distance ?? 0.7, liveness, pose: s.pose ?? FRONTAL_OPEN })
  })
}

const many = (n: number, shot: Shot): Shot[] => Array.from({ length: n }, () => shot)
const feed = (d: AccessDecider, fs: AccessFrame[]): AccessDecision[] => fs.map((f) => d.observe(f))
const finals = (ds: AccessDecision[]) => ds.filter((d) => d.final)

/** Blink then turn to the left, as FIRST draws them, from frontal open eyes. */
const DO_CHALLENGE: Shot[] = [FRONTAL_OPEN, FRONTAL_CLOSED, FRONTAL_OPEN, FRONTAL_OPEN, TURNED_LEFT].map((pose) => ({ p: P_BETWEEN, pose }))

describe('passive liveness over the window', () => {
  it('waits for the window to fill, then grants a live face and records the evidence', () => {
    const ds = feed(decider('passive'), frames(many(6, { p: P_LIVE })))
    expect(ds.slice(2, 5).map((d) => d.reason)).toEqual(['liveness-unsure', 'liveness-unsure', 'liveness-unsure'])
    expect(ds[5]).toMatchObject({ result: 'granted', reason: 'recognised', liveness: { mode: 'passive', status: 'pass' } })
    expect(ds[5].liveness.detail).toMatch(/^passive: mean log-odds -0\.41 over 6 frames/)
    expect(ds[5].liveness.score).toBeCloseTo(P_LIVE)
  })

  it('a replay never opens in any mode but off, and the refusal is explained once', () => {
    for (const mode of LIVENESS_MODES) {
      const ds = feed(decider(mode), frames(many(40, { p: P_SPOOF })))
      if (mode === 'off') {
        expect(ds[2].result, mode).toBe('granted')
        continue
      }
      expect(ds.some((d) => d.result === 'granted'), mode).toBe(false)
      expect(finals(ds), mode).toHaveLength(1)
      expect(finals(ds)[0], mode).toMatchObject({ result: 'denied', reason: 'liveness-failed', candidateId: 'kian', liveness: { mode, status: 'fail' } })
      expect(finals(ds)[0].message).toBe('Access refused: this does not look like a live face')
    }
  })

  it("'passive' waits while unsure (between the cut-offs), never opening and never refusing", () => {
    const ds = feed(decider('passive'), frames(many(40, { p: P_BETWEEN })))
    expect(ds.slice(5).every((d) => d.result === 'pending' && d.reason === 'liveness-unsure')).toBe(true)
  })

  it('a tight crop that the model calls live never opens the door by itself', () => {
    for (const mode of ['passive', 'challenge-if-unsure', 'always-challenge'] as const) {
      const ds = feed(decider(mode), frames(many(30, { p: 0.999, context: 0.6 })))
      expect(ds.some((d) => d.result === 'granted'), mode).toBe(false)
    }
  })
})

describe('active challenge', () => {
  it("'challenge-if-unsure' asks for a blink then a head turn when passive is unsure, and grants once done", () => {
    const d = decider('challenge-if-unsure')
    const waiting = feed(d, frames(many(6, { p: P_BETWEEN })))
    expect(waiting[5]).toMatchObject({
      result: 'pending',
      reason: 'liveness-challenge',
      message: 'Blink slowly',
      liveness: { status: 'unsure', challenge: { kind: 'blink', step: 0, steps: 2, attempt: 1, attempts: 2, endsAt: 5 * STEP + 6000 } }
    })
    const ds = feed(d, frames(DO_CHALLENGE, 6 * STEP))
    expect(ds[2]).toMatchObject({ reason: 'liveness-challenge', liveness: { challenge: { kind: 'turn-left', step: 1 } } })
    expect(ds[2].message).toBe('Turn your head a little to your left')
    expect(ds[4]).toMatchObject({ result: 'granted', residentId: 'kian', liveness: { status: 'pass' } })
    expect(ds[4].liveness.detail).toMatch(/^challenge passed: blink, turn-left; passive: mean log-odds -3/)
  })

  it('the head turn may break identity for a frame without ending the challenge', () => {
    const d = decider('challenge-if-unsure')
    feed(d, frames(many(6, { p: P_BETWEEN })))
    const shots = DO_CHALLENGE.map((s) => (s.pose === TURNED_LEFT ? { ...s, distance: 1.5 } : s))
    expect(feed(d, frames(shots, 6 * STEP)).at(-1)).toMatchObject({ result: 'granted', residentId: 'kian' })
  })

  it("'challenge-if-unsure' grants a clearly live face without a challenge; 'always-challenge' still asks", () => {
    expect(feed(decider('challenge-if-unsure'), frames(many(6, { p: P_LIVE })))[5].result).toBe('granted')
    const d = decider('always-challenge')
    expect(feed(d, frames(many(6, { p: P_LIVE })))[5]).toMatchObject({ reason: 'liveness-challenge' })
    const live = DO_CHALLENGE.map((s) => ({ ...s, p: P_LIVE }))
    expect(feed(d, frames(live, 6 * STEP)).at(-1)).toMatchObject({ result: 'granted' })
  })

  it('a face without context is challenged rather than trusted', () => {
    const d = decider('challenge-if-unsure')
    expect(feed(d, frames(many(6, { p: 0.999, context: 0.6 })))[5]).toMatchObject({ reason: 'liveness-challenge' })
  })

  it('a photo cannot blink: time-outs, one retry with new steps, then a refusal; no new attempt until the face leaves', () => {
    const d = decider('challenge-if-unsure', { liveness: { mode: 'challenge-if-unsure' } })
    const photo = feed(d, frames(many(120, { p: P_BETWEEN })))
    const retry = photo.find((x) => x.liveness.challenge?.attempt === 2)
    expect(retry?.message).toBe("Let's try again. Blink slowly")
    const refusals = finals(photo)
    expect(refusals).toHaveLength(1)
    expect(refusals[0]).toMatchObject({ result: 'denied', reason: 'challenge-failed', liveness: { status: 'fail' } })
    expect(refusals[0].at).toBeCloseTo(5 * STEP + 2 * 6000, -3)
    expect(photo.at(-1)).toMatchObject({ result: 'denied', reason: 'challenge-failed', final: false })
    // The person steps away and comes back: a fresh challenge.
    d.observe(noFace(200 * STEP))
    expect(feed(d, frames(many(6, { p: P_BETWEEN }), 201 * STEP))[5]).toMatchObject({ reason: 'liveness-challenge', liveness: { challenge: { attempt: 1 } } })
  })

  it('a replay turning to spoof during the challenge is refused', () => {
    const d = decider('challenge-if-unsure')
    feed(d, frames(many(6, { p: P_BETWEEN })))
    const ds = feed(d, frames(many(12, { p: P_SPOOF }), 6 * STEP))
    expect(finals(ds)).toHaveLength(1)
    expect(finals(ds)[0]).toMatchObject({ reason: 'liveness-failed' })
  })

  it('no grant when the face that did the steps is no longer recognised as the resident', () => {
    const d = decider('challenge-if-unsure')
    feed(d, frames(many(6, { p: P_BETWEEN })))
    // A stranger (over the threshold) takes over without the face leaving the frame, and does the steps.
    const stranger = DO_CHALLENGE.map((s) => ({ ...s, distance: 1.6 }))
    const ds = feed(d, frames([...many(16, { p: P_BETWEEN, distance: 1.6 }), ...stranger], 6 * STEP))
    expect(ds.some((x) => x.result === 'granted')).toBe(false)
  })

  it('another resident clearly in front of the camera ends the challenge (it was not theirs)', () => {
    const d = decider('challenge-if-unsure')
    feed(d, frames(many(6, { p: P_BETWEEN })))
    const ds = feed(d, frames(many(3, { p: P_LIVE, nearest: 'ana' }), 6 * STEP))
    expect(ds.at(-1)?.reason).not.toBe('liveness-challenge')
    expect(ds.at(-1)?.candidateId).toBe('ana')
  })

  it('works for a claim in verification mode', () => {
    const d = decider('always-challenge', { mode: 'verification' })
    d.claim({ residentId: 'kian', at: 0, source: 'tap' })
    feed(d, frames(many(6, { p: P_LIVE, distance: 0.6 }), 100))
    const ds = feed(d, frames(DO_CHALLENGE.map((s) => ({ ...s, p: P_LIVE, distance: 0.6 })), 100 + 6 * STEP))
    expect(ds.at(-1)).toMatchObject({ result: 'granted', reason: 'verified', residentId: 'kian' })
  })
})
