export interface LockoutRule {
  maxFailures: number
  windowMs: number
  baseMs: number
  growthFactor: number
  maxMs: number
  resetAfterMs: number
}

import { z } from 'zod'

const claimRecordSchema = z.object({
  failures: z.array(z.number().finite()),
  /** Lockouts so far in the current series (drives the growth). */
  level: z.number().int().min(0),
  lockedUntil: z.number().finite()
})
type ClaimRecord = z.infer<typeof claimRecordSchema>

/** Every claim's failures and lockout: what must survive a restart (see ClaimLockoutFile). */
export const lockoutStateSchema = z.record(z.string(), claimRecordSchema)
export type LockoutState = z.infer<typeof lockoutStateSchema>

/**
 * Verification lockout per claimed resident: N failures within M ms lock that claim for a time
 * that grows with each lockout (base × factor^k, capped), and starts over after a quiet period.
 * Per claim, so an attacker trying Kian's card does not lock everybody else out.
 */
export class LockoutTracker {
  private readonly records = new Map<string, ClaimRecord>()

  /**
   * `initial`: the state saved before a restart, so that restarting the kiosk (or crashing it on
   * purpose) neither lifts a lockout nor forgets failures. `changed` receives every new state.
   */
  constructor(
    private rule: LockoutRule,
    initial: LockoutState = {},
    private readonly changed: (state: LockoutState) => void = () => {}
  ) {
    for (const [key, record] of Object.entries(initial)) this.records.set(key, { ...record, failures: [...record.failures] })
  }

  /** A copy of every record, for saving. */
  snapshot(): LockoutState {
    return Object.fromEntries([...this.records].map(([key, r]) => [key, { ...r, failures: [...r.failures] }]))
  }

  setRule(rule: LockoutRule): void {
    this.rule = rule
  }

  /** End of the claim's lockout, or null when it is not locked at `at`. */
  lockedUntil(residentId: string, at: number): number | null {
    const record = this.records.get(residentId)
    return record !== undefined && at < record.lockedUntil ? record.lockedUntil : null
  }

  /** Records a failed verification; returns the lockout end when this failure starts one. */
  recordFailure(residentId: string, at: number): number | null {
    const record = this.records.get(residentId) ?? { failures: [], level: 0, lockedUntil: 0 }
    this.records.set(residentId, record)
    if (record.lockedUntil > 0 && at - record.lockedUntil > this.rule.resetAfterMs) record.level = 0
    record.failures = [...record.failures.filter((t) => at - t < this.rule.windowMs), at]
    if (record.failures.length < this.rule.maxFailures) {
      this.changed(this.snapshot())
      return null
    }
    const duration = Math.min(this.rule.baseMs * this.rule.growthFactor ** record.level, this.rule.maxMs)
    record.level++
    record.failures = []
    record.lockedUntil = at + duration
    this.changed(this.snapshot())
    return record.lockedUntil
  }

  /** A successful verification forgives past failures and the growth. */
  recordSuccess(residentId: string): void {
    if (this.records.delete(residentId)) this.changed(this.snapshot())
  }
}
