import type { DriverFailureCode, DriverKind, DriverOutcome } from './types'

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
