import { describe, expect, it } from 'vitest'
import { AccessDecider } from '../../../src/main/access/decider'
import type { AccessDecision, AccessFrame } from '../../../src/main/access/types'
import { AppError } from '../../../src/shared/errors'
import { THRESHOLDS, face, noFace, run } from './frames'

const STEP = 100
const NAMES: Record<string, string> = { kian: 'Kian', benoit: 'Benoit', ana: 'Ana' }

/**
 * Identity logic only: liveness off unless a test turns it on (see decider-liveness.test.ts). At
 * 10 frames/s (STEP) a confirmation time of 0.3 s asks for K = 3 agreeing frames of N = 5.
 */
const AT_10_FPS = { confirmMs: 300 }
function decider(config: Record<string, unknown> = {}): AccessDecider {
  return new AccessDecider({ config: { liveness: { mode: 'off' }, agreement: AT_10_FPS, ...config }, thresholds: THRESHOLDS, nameOf: (id) => NAMES[id] ?? id })
}

function feed(d: AccessDecider, frames: AccessFrame[]): AccessDecision[] {
  return frames.map((f) => d.observe(f))
}

const finals = (ds: AccessDecision[]) => ds.filter((d) => d.final)

describe('identification: agreement over recent frames', () => {
  it('grants only once K frames agree, and explains the grant', () => {
    const d = decider()
    const [first, second, third] = feed(d, run(0, 3, STEP, { nearest: 'kian', distance: 0.7 }))
    expect(first).toMatchObject({ result: 'pending', reason: 'collecting', final: false, framesAgreeing: 1 })
    expect(second).toMatchObject({ result: 'pending', framesAgreeing: 2 })
    expect(third).toMatchObject({
      result: 'granted',
      reason: 'recognised',
      mode: 'identification',
      residentId: 'kian',
      candidateId: 'kian',
      final: true,
      framesAgreeing: 3,
      framesConsidered: 3,
      framesRequired: 3,
      threshold: 1.0,
      liveness: { mode: 'off', status: 'off', score: null }
    })
    expect(third.distance).toBeCloseTo(0.7)
    expect(third.margin).toBeCloseTo(0.4)
    expect(third.message).toBe('Welcome, Kian')
  })

  it('counts K of N: a stranger frame in between does not prevent the grant', () => {
    const d = decider()
    const ds = feed(d, [
      face(0, { nearest: 'kian', distance: 0.7 }),
      face(100, { nearest: 'ana', distance: 1.4 }),
      face(200, { nearest: 'kian', distance: 0.72 }),
      face(300, { nearest: 'kian', distance: 0.69 })
    ])
    expect(ds.map((x) => x.result)).toEqual(['pending', 'pending', 'pending', 'granted'])
    expect(ds[3]).toMatchObject({ framesAgreeing: 3, framesConsidered: 4, residentId: 'kian' })
  })

  it('drops frames older than T', () => {
    const d = decider({ appearanceGapMs: 5000 })
    const ds = feed(d, [
      face(0, { nearest: 'kian', distance: 0.7 }),
      face(100, { nearest: 'kian', distance: 0.7 }),
      face(2300, { nearest: 'kian', distance: 0.7 })
    ])
    expect(ds[2]).toMatchObject({ result: 'pending', framesConsidered: 1, framesAgreeing: 1 })
  })

  it('only the last N frames count', () => {
    const d = decider()
    const ds = feed(d, [
      face(0, { nearest: 'kian', distance: 0.7 }),
      face(100, { nearest: 'kian', distance: 0.7 }),
      ...run(200, 3, STEP, { nearest: 'ana', distance: 1.4 }),
      face(500, { nearest: 'kian', distance: 0.7 })
    ])
    // The 5th frame fills the window without agreement; the 6th pushes the first Kian frame out.
    expect(ds[4]).toMatchObject({ result: 'denied', reason: 'not-recognised', final: true, framesConsidered: 5 })
    expect(ds[5]).toMatchObject({ result: 'denied', final: false, framesConsidered: 5, framesAgreeing: 2 })
  })

  it('refuses a candidate too close to the second-nearest resident (margin)', () => {
    const d = decider({ minMargin: 0.1 })
    const ds = feed(d, run(0, 6, STEP, { nearest: 'kian', distance: 0.7, second: 'benoit', secondDistance: 0.75 }))
    expect(ds.some((x) => x.result === 'granted')).toBe(false)
    expect(finals(ds)).toHaveLength(1)
    expect(finals(ds)[0]).toMatchObject({ result: 'denied', reason: 'ambiguous', residentId: null, candidateId: 'kian' })
    expect(finals(ds)[0].margin).toBeCloseTo(0.05)
    expect(finals(ds)[0].message).toBe('Not sure who this is: too close to two residents (nearest: Kian)')
    // The same frames pass with a smaller margin requirement.
    const relaxed = decider({ minMargin: 0.04 })
    expect(feed(relaxed, run(0, 3, STEP, { nearest: 'kian', distance: 0.7, second: 'benoit', secondDistance: 0.75 }))[2].result).toBe('granted')
  })

  it('refuses when passing frames name different residents', () => {
    const d = decider()
    const ds = feed(
      d,
      ['kian', 'ana', 'benoit', 'kian', 'ana'].map((id, i) => face(i * STEP, { nearest: id, distance: 0.7 }))
    )
    expect(ds.some((x) => x.result === 'granted')).toBe(false)
    expect(ds[4]).toMatchObject({ result: 'denied', reason: 'no-agreement', final: true })
  })

  it('ignores an out-of-order frame', () => {
    const d = decider()
    feed(d, run(0, 2, STEP, { nearest: 'kian', distance: 0.7 }))
    const late = d.observe(face(50, { nearest: 'kian', distance: 0.7 }))
    expect(late).toMatchObject({ result: 'pending', reason: 'out-of-order' })
    expect(d.observe(face(200, { nearest: 'kian', distance: 0.7 })).result).toBe('granted')
  })

  it('reports no margin (null, not Infinity) when the gallery holds a single resident', () => {
    const ds = feed(decider(), run(0, 3, STEP, { nearest: 'kian', distance: 0.6, second: null, secondDistance: Infinity }))
    expect(ds[2]).toMatchObject({ result: 'granted', margin: null })
    expect(ds[2].distance).toBeCloseTo(0.6)
  })

  it("applies its own threshold to the nearest resident, not the engine's", () => {
    const d = decider({ preset: 'convenient' })
    const ds = feed(d, run(0, 3, STEP, { nearest: 'kian', distance: 1.05, engineResidentId: null }))
    expect(ds[2]).toMatchObject({ result: 'granted', residentId: 'kian' })
  })
})

describe('identification: sensitivity presets', () => {
  const expected = {
    'most-secure': 0.8,
    secure: 0.9,
    balanced: 1.0,
    convenient: 1.1,
    'most-convenient': 1.2
  } as const

  for (const [preset, threshold] of Object.entries(expected)) {
    it(`${preset} uses threshold ${threshold}: grants just under it, refuses at it`, () => {
      const under = decider({ preset })
      expect(under.activeThreshold).toBe(threshold)
      expect(feed(under, run(0, 3, STEP, { nearest: 'kian', distance: threshold - 0.01 }))[2].result).toBe('granted')
      const at = decider({ preset })
      const ds = feed(at, run(0, 5, STEP, { nearest: 'kian', distance: threshold }))
      expect(ds.some((x) => x.result === 'granted')).toBe(false)
      expect(ds[4]).toMatchObject({ result: 'denied', reason: 'not-recognised', threshold })
    })
  }

  it('a distance of 0.95 opens at balanced but not at secure', () => {
    const frames = run(0, 5, STEP, { nearest: 'kian', distance: 0.95 })
    expect(feed(decider({ preset: 'balanced' }), frames).some((x) => x.result === 'granted')).toBe(true)
    expect(feed(decider({ preset: 'secure' }), frames).some((x) => x.result === 'granted')).toBe(false)
  })

  it('says when the model has no impostor tail to read thresholds from', () => {
    const build = () => new AccessDecider({ config: { preset: 'most-secure' }, thresholds: { accuracy: 1.2, far: { '1e-3': 1 } } })
    expect(build).toThrow(AppError)
    expect(build).toThrow(/no usable impostor tail.*npm run bench:tail/)
  })

  it('rejects invalid settings with the field name', () => {
    expect(() => decider({ agreement: { minFrames: 6, maxFrames: 5 } })).toThrow(/Invalid access settings at agreement/)
    expect(() => decider({ preset: 'yolo' })).toThrow(/Invalid access settings at preset/)
  })
})

describe('identification: one denial per face appearance', () => {
  const stranger = { nearest: 'ana', distance: 1.4 }

  it('reports "not recognised" once while the same face stays', () => {
    const ds = feed(decider(), run(0, 20, STEP, stranger))
    expect(finals(ds)).toHaveLength(1)
    expect(finals(ds)[0]).toMatchObject({ result: 'denied', reason: 'not-recognised', residentId: null })
    expect(finals(ds)[0].message).toBe('Not recognised: this face is not enrolled')
    expect(ds.at(-1)).toMatchObject({ result: 'denied', final: false })
  })

  it('reports again after the face left (no-face frame, long gap, or new track)', () => {
    const d = decider()
    const ds = feed(d, [
      ...run(0, 5, STEP, stranger),
      noFace(500),
      ...run(600, 5, STEP, stranger),
      ...run(6000, 5, STEP, stranger),
      ...run(6500, 5, STEP, { ...stranger, trackId: 1 }),
      ...run(7000, 5, STEP, { ...stranger, trackId: 2 })
    ])
    expect(ds[5]).toMatchObject({ result: 'pending', reason: 'no-face' })
    const finalIndexes = ds.flatMap((x, i) => (x.final ? [i] : []))
    // Blocks: 0-4, no face, 6-10, gap over 4 s 11-15, tracker starts numbering 16-20 (same face), new track 21-25.
    expect(finalIndexes).toEqual([4, 10, 15, 25])
  })

  it('denies after a whole window of time with K frames even at a low frame rate', () => {
    const ds = feed(decider(), run(0, 4, 700, stranger))
    expect(ds.map((x) => x.result)).toEqual(['pending', 'pending', 'pending', 'denied'])
    expect(ds[3].final).toBe(true)
  })
})

describe('cooldown after an opening', () => {
  it('grants once per appearance: the resident stays welcome, not judged again, until they leave', () => {
    const d = decider({ cooldownMs: 0 })
    const ds = feed(d, run(0, 60, STEP, { nearest: 'kian', distance: 0.7 }))
    expect(ds[2].result).toBe('granted')
    expect(finals(ds)).toHaveLength(1)
    expect(ds.at(-1)).toMatchObject({ result: 'pending', reason: 'already-granted', residentId: 'kian', final: false, message: 'Welcome, Kian' })
    // Gone for longer than a track survives, then back: a new appearance, a new grant.
    const back = feed(d, run(6000 + 4500, 3, STEP, { nearest: 'kian', distance: 0.7 }))
    expect(back.at(-1)).toMatchObject({ result: 'granted', final: true })
  })

  it('does not decide again for the same resident until the cooldown ends, even in a new appearance', () => {
    const d = decider({ cooldownMs: 5000 })
    const ds = feed(d, [...run(0, 3, STEP, { nearest: 'kian', distance: 0.7 }), noFace(300), ...run(400, 3, STEP, { nearest: 'kian', distance: 0.7 })])
    expect(ds[2].result).toBe('granted')
    expect(finals(ds)).toHaveLength(1)
    expect(ds.at(-1)).toMatchObject({ result: 'cooldown', reason: 'cooldown', residentId: 'kian', final: false, until: 5200 })
    expect(ds.at(-1)?.message).toBe('Kian, the door was just opened for you')
    const later = feed(d, [noFace(5100), ...run(5200, 3, STEP, { nearest: 'kian', distance: 0.7 })])
    expect(later.at(-1)).toMatchObject({ result: 'granted', final: true })
  })

  it('lets another resident in during someone else’s cooldown', () => {
    const d = decider({ cooldownMs: 5000 })
    feed(d, run(0, 3, STEP, { nearest: 'kian', distance: 0.7 }))
    const ana = feed(d, [noFace(300), ...run(400, 3, STEP, { nearest: 'ana', distance: 0.7 })])
    expect(ana.at(-1)).toMatchObject({ result: 'granted', residentId: 'ana' })
  })

  it('can be cleared when the door did not open', () => {
    const d = decider({ cooldownMs: 5000 })
    feed(d, run(0, 3, STEP, { nearest: 'kian', distance: 0.7 }))
    d.clearCooldown('kian')
    expect(feed(d, [noFace(300), ...run(400, 3, STEP, { nearest: 'kian', distance: 0.7 })]).at(-1)?.result).toBe('granted')
  })
})

describe('verification: claim first, then 1:1', () => {
  const verification = { mode: 'verification' }

  it('waits for a claim, and refuses claims in identification mode', () => {
    const d = decider(verification)
    expect(d.observe(face(0, { nearest: 'kian', distance: 0.6 }))).toMatchObject({ result: 'pending', reason: 'awaiting-claim' })
    expect(() => decider().claim({ residentId: 'kian', at: 0, source: 'tap' })).toThrow(/only used in verification mode/)
  })

  it('verifies Kian claiming Kian', () => {
    const d = decider(verification)
    expect(d.claim({ residentId: 'kian', at: 0, source: 'badge' })).toMatchObject({
      result: 'pending',
      claimedId: 'kian',
      message: 'Look at the camera, Kian (0/3)'
    })
    const ds = feed(d, run(100, 3, STEP, { nearest: 'kian', distance: 0.6 }))
    expect(ds[2]).toMatchObject({ result: 'granted', reason: 'verified', residentId: 'kian', claimedId: 'kian', final: true })
    expect(ds[2].distance).toBeCloseTo(0.6)
    expect(d.activeClaim).toBeNull()
  })

  it('refuses Benoit holding Kian’s card', () => {
    const d = decider(verification)
    d.claim({ residentId: 'kian', at: 0, source: 'badge' })
    // Benoit is the nearest; Kian, the claimed one, is second and far over the threshold.
    const ds = feed(d, run(100, 5, STEP, { nearest: 'benoit', distance: 0.6, second: 'kian', secondDistance: 1.3 }))
    expect(ds.some((x) => x.result === 'granted')).toBe(false)
    expect(finals(ds)).toHaveLength(1)
    expect(finals(ds)[0]).toMatchObject({
      result: 'denied',
      reason: 'claim-mismatch',
      residentId: null,
      claimedId: 'kian',
      candidateId: 'kian',
      message: 'Access refused: this face does not match Kian'
    })
    expect(finals(ds)[0].distance).toBeCloseTo(1.3)
    // The claim is used up: more frames wait for a new claim.
    expect(d.observe(face(700, { nearest: 'benoit', distance: 0.6 })).reason).toBe('awaiting-claim')
  })

  it('uses the 1:1 distance when given, even if Kian is not in the top two', () => {
    const d = decider(verification)
    d.claim({ residentId: 'kian', at: 0, source: 'code' })
    const ds = feed(d, run(100, 5, STEP, { nearest: 'benoit', distance: 0.6, second: 'ana', claimDistance: 1.25 }))
    expect(finals(ds)[0]).toMatchObject({ reason: 'claim-mismatch' })
    expect(finals(ds)[0].distance).toBeCloseTo(1.25)
  })

  it('refuses a look-alike who is under the threshold but nearer to another resident', () => {
    const d = decider(verification)
    d.claim({ residentId: 'kian', at: 0, source: 'tap' })
    const ds = feed(d, run(100, 5, STEP, { nearest: 'benoit', distance: 0.6, second: 'kian', secondDistance: 0.95 }))
    expect(ds.some((x) => x.result === 'granted')).toBe(false)
    expect(finals(ds)[0]).toMatchObject({ reason: 'other-resident-nearer' })
    expect(finals(ds)[0].margin).toBeCloseTo(-0.35)
  })

  it('times out a claim: a failure when a face was seen, not when nobody came', () => {
    const d = decider({ ...verification, verification: { claimTimeoutMs: 5000 }, lockout: { maxFailures: 2 } })
    d.claim({ residentId: 'kian', at: 0, source: 'tap' })
    expect(d.tick(4999)).toBeNull()
    expect(d.tick(5000)).toMatchObject({ result: 'denied', reason: 'claim-timeout', final: true })
    d.claim({ residentId: 'kian', at: 6000, source: 'tap' })
    expect(d.tick(11_000)?.reason).toBe('claim-timeout')
    // Two empty timeouts did not lock Kian out.
    expect(d.lockedUntil('kian', 11_000)).toBeNull()

    d.claim({ residentId: 'kian', at: 20_000, source: 'tap' })
    d.observe(face(20_100, { nearest: 'kian', distance: 0.6 }))
    const timedOut = d.observe(face(25_000, { nearest: 'kian', distance: 0.6 }))
    expect(timedOut).toMatchObject({ result: 'denied', reason: 'claim-timeout', final: true })
    d.claim({ residentId: 'kian', at: 26_000, source: 'tap' })
    d.observe(face(26_100, { nearest: 'benoit', distance: 0.6 }))
    expect(d.tick(31_000)?.until).toBe(31_000 + 60_000)
  })
})

describe('verification lockout', () => {
  const benoitAsKian = { nearest: 'benoit', distance: 0.6, second: 'kian', secondDistance: 1.3 }

  /** One failed attempt at Kian's claim starting at `at`; returns the final decision. */
  function failOnce(d: AccessDecider, at: number): AccessDecision {
    const claim = d.claim({ residentId: 'kian', at, source: 'badge' })
    if (claim.result !== 'pending') return claim
    const ds = feed(d, run(at + 100, 5, STEP, benoitAsKian))
    return finals(ds)[0]
  }

  it("per resident (scope 'resident'): locks the claim after N failures in M minutes, for a growing time", () => {
    const d = decider({ mode: 'verification', lockout: { scope: 'resident', maxFailures: 3, windowMs: 300_000, baseMs: 60_000, growthFactor: 2 } })
    expect(failOnce(d, 0).until).toBeUndefined()
    expect(failOnce(d, 10_000).until).toBeUndefined()
    const third = failOnce(d, 20_000)
    expect(third).toMatchObject({ result: 'denied', reason: 'claim-mismatch', until: 20_500 + 60_000 })
    expect(third.message).toBe('Access refused: this face does not match Kian. Too many failed attempts: Kian is locked for 1 min')

    const locked = d.claim({ residentId: 'kian', at: 30_000, source: 'badge' })
    expect(locked).toMatchObject({ result: 'locked-out', reason: 'locked-out', final: true, claimedId: 'kian', until: 80_500 })
    expect(locked.message).toBe('Too many failed attempts for Kian: try again in 51 s')
    // Frames during a lockout do not open anything: there is no claim.
    expect(d.observe(face(30_100, { nearest: 'kian', distance: 0.5 })).reason).toBe('awaiting-claim')
    // Another resident's claim is not locked.
    expect(d.claim({ residentId: 'ana', at: 30_200, source: 'badge' }).result).toBe('pending')
    d.cancelClaim()

    // After the lock: three more failures lock for twice as long.
    failOnce(d, 90_000)
    failOnce(d, 100_000)
    expect(failOnce(d, 110_000).until).toBe(110_500 + 120_000)
    expect(d.claim({ residentId: 'kian', at: 200_000, source: 'badge' }).message).toBe(
      'Too many failed attempts for Kian: try again in 31 s'
    )
  })

  it('per kiosk (the default): failed claims pause claims at this door for everyone, so nobody can lock one chosen resident out', () => {
    const d = decider({ mode: 'verification', lockout: { maxFailures: 3, windowMs: 300_000, baseMs: 60_000 } })
    failOnce(d, 0)
    failOnce(d, 10_000)
    const third = failOnce(d, 20_000)
    expect(third).toMatchObject({ result: 'denied', until: 80_500 })
    expect(third.message).toBe('Access refused: this face does not match Kian. Too many failed attempts: claims at this door are paused for 1 min')
    const other = d.claim({ residentId: 'ana', at: 30_000, source: 'badge' })
    expect(other).toMatchObject({ result: 'locked-out', until: 80_500 })
    expect(other.message).toBe('Too many failed attempts at this door: try again in 51 s')
    // Once the pause is over, Kian (the name the attacker used) claims as before.
    expect(d.claim({ residentId: 'kian', at: 81_000, source: 'badge' }).result).toBe('pending')
  })

  it('forgets failures older than the window and after a success', () => {
    const d = decider({ mode: 'verification', cooldownMs: 0, lockout: { maxFailures: 2, windowMs: 60_000 } })
    failOnce(d, 0)
    expect(failOnce(d, 61_000).until).toBeUndefined()
    d.claim({ residentId: 'kian', at: 70_000, source: 'badge' })
    expect(feed(d, run(70_100, 3, STEP, { nearest: 'kian', distance: 0.6 })).at(-1)?.result).toBe('granted')
    expect(failOnce(d, 80_000).until).toBeUndefined()
  })

  it('refuses a new claim during the cooldown after a verified opening', () => {
    const d = decider({ mode: 'verification', cooldownMs: 10_000 })
    d.claim({ residentId: 'kian', at: 0, source: 'tap' })
    feed(d, run(100, 3, STEP, { nearest: 'kian', distance: 0.6 }))
    expect(d.claim({ residentId: 'kian', at: 1000, source: 'tap' })).toMatchObject({
      result: 'cooldown',
      residentId: 'kian',
      final: false,
      until: 10_300
    })
  })
})
