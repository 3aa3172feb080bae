import { PIN_PATTERN } from '../../../shared/ipc/schemas/common'

/** PIN entry as pure functions: the keypad and the keyboard both go through these. */

export const PIN_MAX_DIGITS = 12
export const PIN_MIN_DIGITS = 6
/** The first-run setup code printed on the kiosk's terminal. */
export const SETUP_CODE_DIGITS = 10

export function appendDigit(pin: string, key: string): string {
  if (!/^\d$/.test(key) || pin.length >= PIN_MAX_DIGITS) return pin
  return pin + key
}

export function removeLastDigit(pin: string): string {
  return pin.slice(0, -1)
}

/** Keeps only digits (pasted or typed text), capped at the maximum length. */
export function sanitizePin(text: string): string {
  return text.replace(/\D/g, '').slice(0, PIN_MAX_DIGITS)
}

export const isValidPin = (pin: string): boolean => PIN_PATTERN.test(pin)

/** Milliseconds left of a lockout, 0 when none or over. */
export function lockoutRemaining(lockedUntil: number | null, now: number): number {
  return lockedUntil === null ? 0 : Math.max(0, lockedUntil - now)
}
