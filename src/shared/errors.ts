import { z } from 'zod'
import { ERROR_DETAILS, type ErrorDetailsMap } from './error-details'

/**
 * Every error that may cross a process boundary (IPC, WebSocket, CLI exit) has one of these codes.
 * Main-process modules throw `AppError`; the IPC layer turns it into `{ ok: false, code, message }`.
 */
export const ERROR_CODES = [
  // transport / contract
  'INVALID_PAYLOAD',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN',
  'INTERNAL',
  'DISCONNECTED',
  // images and faces
  'EMPTY_INPUT',
  'DECODE_FAILED',
  'UNSUPPORTED_IMAGE',
  'IMAGE_TOO_LARGE',
  'NO_FACE',
  'MULTIPLE_FACES',
  'QUALITY_REJECTED',
  // models
  'MODELS_MISSING',
  'MODELS_CORRUPT',
  'ENGINE_UNAVAILABLE',
  // store and features
  'NOT_FOUND',
  'CONFLICT',
  'NEEDS_CONFIRMATION',
  'STORE_CORRUPT',
  'LOCKED',
  'DOOR_FAILED'
] as const

export const errorCodeSchema = z.enum(ERROR_CODES)
export type ErrorCode = z.infer<typeof errorCodeSchema>

/** The details an error of code C carries (see error-details.ts: one schema per code). */
export type ErrorDetails<C extends ErrorCode = ErrorCode> = ErrorDetailsMap[C]

export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C
  /** Safe, non-biometric details for the UI (e.g. the quality figures that failed), typed per code. */
  readonly details?: ErrorDetails<C>

  constructor(code: C, message: string, details?: ErrorDetails<C>) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.details = details
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError
}

/** `{ ok: false }` with a code and that code's details: narrowing on `code` types `details`. */
export type ErrorResult = {
  [C in ErrorCode]: { ok: false; code: C; message: string; details?: ErrorDetails<C> }
}[ErrorCode]
export interface OkResult<T> {
  ok: true
  value: T
}
export type Result<T> = OkResult<T> | ErrorResult

/** Details that do not match their code's schema are a bug in main: they are dropped, not sent. */
function checkedDetails(code: ErrorCode, details: unknown): ErrorDetails | undefined {
  if (details === undefined) return undefined
  const parsed = ERROR_DETAILS[code].safeParse(details)
  if (parsed.success) return parsed.data as ErrorDetails
  console.error(`[errors] dropping malformed details of ${code}: ${parsed.error.issues[0]?.message ?? ''}`)
  return undefined
}

export function toErrorResult(e: unknown): ErrorResult {
  if (isAppError(e)) {
    const details = checkedDetails(e.code, e.details)
    return (details ? { ok: false, code: e.code, message: e.message, details } : { ok: false, code: e.code, message: e.message }) as ErrorResult
  }
  // Unknown failures keep their message out of the UI: it may carry paths or data.
  return { ok: false, code: 'INTERNAL', message: 'Internal error in the main process' }
}
