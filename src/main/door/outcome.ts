import { AppError } from '../../shared/errors'
import type { DoorAttempt, DriverFailureCode, DriverKind, DriverOutcome } from './types'

export function truncateStart(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : text.slice(0, maxChars) + '…'
}

/** Keeps the end: a program's error message comes last. */
export function truncateEnd(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : '…' + text.slice(text.length - maxChars)
}

export function failure(
  driver: DriverKind,
  code: DriverFailureCode,
  reason: string,
  extra: Partial<DriverOutcome> = {}
): DriverOutcome {
  return { attempts: 1, durationMs: 0, ...extra, ok: false, driver, code, reason }
}

export function success(driver: DriverKind, extra: Partial<DriverOutcome> = {}): DriverOutcome {
  return { attempts: 1, durationMs: 0, ...extra, ok: true, driver }
}

/** One short line for the access log's door outcome ("HTTP 200", "exit code 0", or the failure reason). */
export function describeOutcome(outcome: DriverOutcome): string {
  if (!outcome.ok) return outcome.reason ?? 'failed'
  const retried = outcome.attempts > 1 ? ` after ${outcome.attempts} attempts` : ''
  if (outcome.http) return `HTTP ${outcome.http.status}${retried}`
  if (outcome.process) return `exit code ${outcome.process.exitCode}`
  return outcome.driver === 'simulated' ? 'simulated door' : 'ok'
}

/** For callers that report failures as errors (e.g. the admin's "open door" verb). */
export function doorFailedError(attempt: DoorAttempt): AppError {
  return new AppError('DOOR_FAILED', attempt.message, {
    driver: attempt.outcome.driver,
    code: attempt.outcome.code,
    attempts: attempt.outcome.attempts
  })
}
