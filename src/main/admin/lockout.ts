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

/** After a wrong PIN: count it; at the limit, lock for a delay that doubles with each lockout. */
export function afterFailure(record: LockoutRecord, now: number, config: AdminConfig): LockoutRecord {
  const failedAttempts = record.failedAttempts + 1
  if (failedAttempts < config.maxAttempts) return { ...record, failedAttempts }
  const delay = Math.min(config.lockoutBaseMs * 2 ** record.lockouts, config.lockoutMaxMs)
  return { failedAttempts: 0, lockouts: record.lockouts + 1, lockedUntil: new Date(now + delay).toISOString() }
}

export function afterSuccess(): LockoutRecord {
  return { failedAttempts: 0, lockedUntil: null, lockouts: 0 }
}
