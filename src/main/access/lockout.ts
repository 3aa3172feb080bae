export interface LockoutRule {
  maxFailures: number
  windowMs: number
  baseMs: number
  growthFactor: number
  maxMs: number
  resetAfterMs: number
}

interface ClaimRecord {
  failures: number[]
  /** Lockouts so far in the current series (drives the growth). */
  level: number
  lockedUntil: number
}

/**
 * Verification lockout per claimed resident: N failures within M ms lock that claim for a time
 * that grows with each lockout (base × factor^k, capped), and starts over after a quiet period.
 * Per claim, so an attacker trying Kian's card does not lock everybody else out.
 */
export class LockoutTracker {
  private readonly records = new Map<string, ClaimRecord>()

  constructor(private rule: LockoutRule) {}

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
    if (record.failures.length < this.rule.maxFailures) return null
    const duration = Math.min(this.rule.baseMs * this.rule.growthFactor ** record.level, this.rule.maxMs)
    record.level++
    record.failures = []
    record.lockedUntil = at + duration
    return record.lockedUntil
  }

  /** A successful verification forgives past failures and the growth. */
  recordSuccess(residentId: string): void {
    this.records.delete(residentId)
  }
}
