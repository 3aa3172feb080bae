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

/**
 * A failure as the API may tell it (door events, status, the admin screens, the access log): a
 * summary by driver and kind. The driver's own detail (HTTP status, connection error, the
 * program's stderr) would let the settings screen probe ports or read a program's output: it goes
 * to the operator's terminal only (see DoorController).
 */
export function publicReason(outcome: DriverOutcome): string {
  if (outcome.ok) return 'ok'
  if (outcome.code === 'not-configured') return outcome.reason ?? 'not configured'
  switch (outcome.driver) {
    case 'webhook':
      return 'the lock did not confirm (webhook request failed; details in the kiosk log)'
    case 'command':
      return outcome.code === 'timeout' ? 'the door program did not finish in time' : 'the door program failed (details in the kiosk log)'
    default:
      return outcome.reason ?? 'failed'
  }
}

/** One short line for the access log's door outcome ("HTTP 200", "exit code 0", or the summarised failure). */
export function describeOutcome(outcome: DriverOutcome): string {
  if (!outcome.ok) return publicReason(outcome)
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
