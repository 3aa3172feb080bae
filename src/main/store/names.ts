import { AppError } from '../../shared/errors'
import { STORE_CONFIG } from './store-config'

// Control characters (C0, DEL, C1), path separators, and invisible bidi/format characters that
// could disguise a name on screen or in a CSV.
const FORBIDDEN_NAME_CHARS = /[\u0000-\u001f\u007f-\u009f/\\\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u

/** Returns the trimmed, NFC-normalised name, or throws INVALID_PAYLOAD saying what is wrong. */
export function normalizeResidentName(raw: unknown): string {
  if (typeof raw !== 'string') throw new AppError('INVALID_PAYLOAD', 'A resident name must be text')
  const name = raw.normalize('NFC').trim()
  if (name.length === 0) throw new AppError('INVALID_PAYLOAD', 'A resident name cannot be empty')
  if ([...name].length > STORE_CONFIG.maxNameLength) {
    throw new AppError('INVALID_PAYLOAD', `A resident name is at most ${STORE_CONFIG.maxNameLength} characters`)
  }
  if (FORBIDDEN_NAME_CHARS.test(name)) {
    throw new AppError('INVALID_PAYLOAD', 'A resident name cannot contain control characters or / and \\')
  }
  return name
}

/** Names compare case-insensitively ("Kian" = "kian"; accents stay significant: "Tuấn" ≠ "Tuân"). */
export function nameKey(name: string): string {
  return name.normalize('NFC').trim().toLocaleLowerCase('en')
}
