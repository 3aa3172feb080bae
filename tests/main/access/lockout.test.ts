import { describe, expect, it } from 'vitest'
import { LockoutTracker } from '../../../src/main/access/lockout'

const MIN = 60_000
const rule = { maxFailures: 2, windowMs: 5 * MIN, baseMs: MIN, growthFactor: 3, maxMs: 5 * MIN, resetAfterMs: 60 * MIN }

/** Fails twice at `at` (one lockout); returns its end. */
function lockOnce(t: LockoutTracker, at: number): number | null {
  t.recordFailure('kian', at)
  return t.recordFailure('kian', at)
}

describe('LockoutTracker', () => {
  it('grows each lockout by the factor and caps it', () => {
    const t = new LockoutTracker(rule)
    expect(lockOnce(t, 0)).toBe(MIN)
    expect(lockOnce(t, MIN)).toBe(MIN + 3 * MIN)
    // 9 min would exceed the 5 min cap.
    expect(lockOnce(t, 10 * MIN)).toBe(10 * MIN + 5 * MIN)
    expect(t.lockedUntil('kian', 15 * MIN - 1)).toBe(15 * MIN)
    expect(t.lockedUntil('kian', 15 * MIN)).toBeNull()
  })

  it('starts the growth over after a quiet period', () => {
    const t = new LockoutTracker(rule)
    lockOnce(t, 0)
    lockOnce(t, 2 * MIN)
    expect(lockOnce(t, 2 * MIN + 3 * MIN + 61 * MIN)).toBe(66 * MIN + MIN)
  })

  it('is kept per claimed resident', () => {
    const t = new LockoutTracker(rule)
    lockOnce(t, 0)
    expect(t.lockedUntil('kian', 1)).toBe(MIN)
    expect(t.lockedUntil('ana', 1)).toBeNull()
    expect(t.recordFailure('ana', 1)).toBeNull()
  })
})
