import { z } from 'zod'

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

export class AppError extends Error {
  readonly code: ErrorCode
  /** Safe, non-biometric details for the UI (e.g. the quality figures that failed). */
  readonly details?: Record<string, unknown>

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.details = details
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError
}

export interface ErrorResult {
  ok: false
  code: ErrorCode
  message: string
  details?: Record<string, unknown>
}
export interface OkResult<T> {
  ok: true
  value: T
}
export type Result<T> = OkResult<T> | ErrorResult

export function toErrorResult(e: unknown): ErrorResult {
  if (isAppError(e)) {
    return e.details
      ? { ok: false, code: e.code, message: e.message, details: e.details }
      : { ok: false, code: e.code, message: e.message }
  }
  // Unknown failures keep their message out of the UI: it may carry paths or data.
  return { ok: false, code: 'INTERNAL', message: 'Internal error in the main process' }
}
