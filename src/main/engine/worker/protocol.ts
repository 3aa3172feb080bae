/**
 * Messages between the worker engine (main thread) and the engine worker. Only plain data crosses:
 * an AppError travels as its code, message and details and is rebuilt on the other side, so the IPC
 * layer sees the same typed error as with the in-thread engine.
 */
import { AppError, ERROR_CODES, type ErrorCode } from '../../../shared/errors'
import type { EmbedOptions, ImageInput } from '../types'

export type EngineMethod = 'detectFaces' | 'embedFaces' | 'analyzeImage'

export interface EngineRequest {
  id: number
  method: EngineMethod
  image: ImageInput
  opts?: EmbedOptions
}

export interface WireError {
  code: ErrorCode | null
  name: string
  message: string
  details?: Record<string, unknown>
}

export type EngineReply =
  | { id: number; ok: true; value: unknown; pixels?: ArrayBuffer }
  | { id: number; ok: false; error: WireError; pixels?: ArrayBuffer }

export function errorToWire(e: unknown): WireError {
  if (e instanceof AppError) return { code: e.code, name: e.name, message: e.message, ...(e.details ? { details: e.details } : {}) }
  if (e instanceof Error) return { code: null, name: e.name, message: e.message }
  return { code: null, name: 'Error', message: String(e) }
}

export function errorFromWire(w: WireError): Error {
  if (w.code && (ERROR_CODES as readonly string[]).includes(w.code)) return new AppError(w.code, w.message, w.details)
  const e = new Error(w.message)
  e.name = w.name
  return e
}
