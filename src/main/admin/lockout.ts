import type { AdminConfig } from './config'

/** What survives restarts about wrong PINs (kept in the store's settings.admin). */
export interface LockoutRecord {
  failedAttempts: number
  /** ISO time until which PIN entry is refused, or null. */
  lockedUntil: string | null
  /** How many times the screens have locked since the last correct PIN: the delay grows with it. */
  lockouts: number
}

export function lockedUntilMs(record: LockoutRecord, now: number): number | null {
  if (!record.lockedUntil) return null
  const until = Date.parse(record.lockedUntil)
  return Number.isFinite(until) && until > now ? until : null
}

/**
 * After a wrong PIN (at unlock or when changing the PIN): count it; at the limit, lock for a delay
 * that doubles with each lockout. Lockouts are forgotten only after `lockoutForgetMs` without one.
 */
export function afterFailure(record: LockoutRecord, now: number, config: AdminConfig): LockoutRecord {
  const lastLock = record.lockedUntil ? Date.parse(record.lockedUntil) : Number.NaN
  const lockouts = Number.isFinite(lastLock) && now - lastLock > config.lockoutForgetMs ? 0 : record.lockouts
  const failedAttempts = record.failedAttempts + 1
  if (failedAttempts < config.maxAttempts) return { ...record, lockouts, failedAttempts }
  const delay = Math.min(config.lockoutBaseMs * 2 ** lockouts, config.lockoutMaxMs)
  return { failedAttempts: 0, lockouts: lockouts + 1, lockedUntil: new Date(now + delay).toISOString() }
}

/**
 * After a correct PIN: the attempt counter restarts, but the lockout count (and the time of the
 * last lockout) stay, so guessing between correct PINs still meets the growing delay.
 */
export function afterSuccess(record: LockoutRecord): LockoutRecord {
  return { failedAttempts: 0, lockedUntil: record.lockedUntil, lockouts: record.lockouts }
}

export function noLockout(): LockoutRecord {
  return { failedAttempts: 0, lockedUntil: null, lockouts: 0 }
}
