import type { ErrorResult } from '../../../shared/errors'
import { en, type MessageKey } from './en'

/**
 * Machine codes from main (decision reasons, photo rejections, capture hints, error codes) mapped to
 * dictionary keys. Unknown codes give null: the caller then shows main's own sentence.
 */

function lookup(prefix: string, code: string | null | undefined): MessageKey | null {
  if (!code) return null
  const key = `${prefix}.${code}`
  return key in en ? (key as MessageKey) : null
}

export const decisionReasonKey = (reason: string): MessageKey | null => lookup('reason', reason)
export const rejectionKey = (reason: string): MessageKey | null => lookup('rejection', reason)
export const errorKey = (code: string): MessageKey | null => lookup('error', code)
/** The transport's reason for a DISCONNECTED (lost, unreachable, no token), when it gave one. */
export const connectionKey = (r: Pick<ErrorResult, 'code' | 'details'>): MessageKey | null =>
  r.code === 'DISCONNECTED' && r.details && 'reason' in r.details ? lookup('connection', r.details.reason) : null
export const hintKey = (hint: string): MessageKey => lookup('hint', hint) ?? 'hint.unknown'
