import { describe, expect, it } from 'vitest'
import { advanceStep, drawSteps, LivenessChallenge, type ChallengeKind, type ChallengeRules } from '../../../src/main/liveness/challenge'
import { DEFAULT_ACCESS_CONFIG } from '../../../src/main/access/config'
import type { FacePose } from '../../../src/main/access/types'
import { CALIBRATION, FRONTAL_CLOSED, FRONTAL_OPEN, TURNED_LEFT, TURNED_RIGHT, face } from '../access/frames'

const RULES: ChallengeRules = DEFAULT_ACCESS_CONFIG.liveness.challenge
const EYES = CALIBRATION.eyes

/** A deterministic "random" source cycling through the given values. */
const seq = (...values: number[]) => {
  let i = 0
  return () => values[i++ % values.length]!
}

/** Feeds poses 125 ms apart from `start`; returns every outcome. */
function feed(challenge: LivenessChallenge, poses: (FacePose | undefined)[], start: number) {
  return poses.map((pose, i) => challenge.observe(face(start + i * 125, { nearest: 'kian', distance: 0.7, pose })))
}

/** The poses that perform one step, from a neutral face. */
const PERFORM: Record<ChallengeKind, FacePose[]> = {
  blink: [FRONTAL_OPEN, FRONTAL_CLOSED, FRONTAL_OPEN],
  'turn-left': [FRONTAL_OPEN, TURNED_LEFT],
  'turn-right': [FRONTAL_OPEN, TURNED_RIGHT]
}

describe('drawing the steps', () => {
  it('draws from the kinds at random, never the same kind twice in a row', () => {
    expect(drawSteps(['blink', 'turn-left', 'turn-right'], 3, seq(0, 0, 0))).toEqual(['blink', 'turn-left', 'blink'])
    expect(drawSteps(['blink', 'turn-left', 'turn-right'], 2, seq(0.99, 0.99))).toEqual(['turn-right', 'turn-left'])
    expect(drawSteps(['blink'], 2, seq(0.5))).toEqual(['blink', 'blink'])
    for (let n = 0; n < 50; n++) {
      const steps = drawSteps(['blink', 'turn-left', 'turn-right'], 4, Math.random)
      for (let i = 1; i < steps.length; i++) expect(steps[i]).not.toBe(steps[i - 1])
    }
  })
})

describe('one step, frame by frame', () => {
  const step = (kind: ChallengeKind, poses: FacePose[]) => {
    let progress = { armed: false, closedSeen: false }
    return poses.map((pose) => {
      const r = advanceStep(kind, progress, pose, RULES, EYES)
      progress = r.progress
      return r.done
    })
  }

  it('a blink is open, closed, open again', () => {
    expect(step('blink', [FRONTAL_OPEN, FRONTAL_CLOSED, FRONTAL_OPEN])).toEqual([false, false, true])
    // Closed eyes first (a photo with closed eyes, or eyes already shut) do not count.
    expect(step('blink', [FRONTAL_CLOSED, FRONTAL_OPEN])).toEqual([false, false])
    // A photo never closes its eyes.
    expect(step('blink', Array(20).fill(FRONTAL_OPEN)).some(Boolean)).toBe(false)
  })

  it('ignores the eye model on a turned head, where it is unreliable', () => {
    const turnedClosed = { yawDeg: 40, eyesClosed: 0.99 }
    expect(step('blink', [FRONTAL_OPEN, turnedClosed, FRONTAL_OPEN])).toEqual([false, false, false])
  })

  it('a turn starts from a frontal face and reaches turnMinDeg towards the asked side (the person\'s own left = positive yaw)', () => {
    expect(step('turn-left', [FRONTAL_OPEN, TURNED_LEFT])).toEqual([false, true])
    expect(step('turn-left', [FRONTAL_OPEN, TURNED_RIGHT])).toEqual([false, false])
    expect(step('turn-right', [FRONTAL_OPEN, TURNED_RIGHT])).toEqual([false, true])
    // Already turned when asked: must come back to frontal first.
    expect(step('turn-left', [TURNED_LEFT, TURNED_LEFT])).toEqual([false, false])
    expect(step('turn-left', [FRONTAL_OPEN, { yawDeg: RULES.turnMinDeg - 1, eyesClosed: 0 }])).toEqual([false, false])
  })
})

describe('a challenge', () => {
  it('passes when every step is done in order', () => {
    const c = new LivenessChallenge(RULES, EYES, seq(0, 0.99), 'kian', 0)
    expect(c.sequence).toEqual(['blink', 'turn-right'])
    expect(c.state).toMatchObject({ kind: 'blink', step: 0, steps: 2, attempt: 1, attempts: 2, endsAt: RULES.stepTimeoutMs })
    expect(feed(c, PERFORM.blink, 0)).toEqual(['running', 'running', 'running'])
    expect(c.state).toMatchObject({ kind: 'turn-right', step: 1, done: ['blink'] })
    expect(feed(c, PERFORM['turn-right'], 500)).toEqual(['running', 'passed'])
  })

  it('the wrong order does not pass: a replay that turns left when asked to turn right', () => {
    const c = new LivenessChallenge(RULES, EYES, seq(0.99, 0.6), 'kian', 0)
    expect(c.sequence).toEqual(['turn-right', 'turn-left'])
    const outcomes = feed(c, [...PERFORM['turn-left'], ...PERFORM.blink, ...PERFORM['turn-left']], 0)
    expect(outcomes.every((o) => o === 'running')).toBe(true)
    expect(c.state.step).toBe(0)
  })

  it('times out a step, retries with a new random sequence, then fails', () => {
    const c = new LivenessChallenge({ ...RULES, attempts: 2 }, EYES, seq(0, 0.99, 0.5, 0), 'kian', 1000)
    const photo = Array(10).fill(FRONTAL_OPEN)
    expect(feed(c, photo, 1000).every((o) => o === 'running')).toBe(true)
    expect(c.observe(face(1000 + RULES.stepTimeoutMs, { nearest: 'kian', distance: 0.7, pose: FRONTAL_OPEN }))).toBe('retry')
    expect(c.state).toMatchObject({ attempt: 2, step: 0, endsAt: 1000 + 2 * RULES.stepTimeoutMs })
    expect(c.sequence).toEqual(['turn-left', 'blink'])
    expect(c.observe(face(1000 + 2 * RULES.stepTimeoutMs, { nearest: 'kian', distance: 0.7, pose: FRONTAL_OPEN }))).toBe('failed')
  })

  it('asks only for head turns without the eye model', () => {
    for (let n = 0; n < 20; n++) {
      const c = new LivenessChallenge(RULES, null, Math.random, 'kian', 0)
      expect(c.sequence).not.toContain('blink')
    }
  })

  it('frames without a pose do not move it on', () => {
    const c = new LivenessChallenge(RULES, EYES, seq(0.4), 'kian', 0)
    expect(feed(c, [undefined, undefined], 0)).toEqual(['running', 'running'])
    expect(c.state.step).toBe(0)
  })
})
