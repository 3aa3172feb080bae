import type { ErrorResult } from '../../../shared/errors'

/** Helpers over the `{ ok: false, code, message, details }` results the API resolves to. */

/** An administrator call refused because the session token is missing, wrong or expired. */
export const isSessionRefused = (r: ErrorResult): boolean => r.code === 'FORBIDDEN'

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null)
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const obj = (v: unknown): Record<string, unknown> | null => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : null)

/**
 * What a NEEDS_CONFIRMATION error asks, from its details (free-form on the contract; main sends
 * { kind: 'duplicate', matches: [{ residentId, name, distance }] } for "looks like Kian: same person?",
 * { kind: 'inconsistent-photos', photos: [i, j] } when the photos of one request differ, and
 * { kind: 'other-resident' | 'not-this-resident', index, ... } when adding photos).
 */
export type Confirmation =
  | { kind: 'duplicate'; residentId: string | null; name: string | null; distance: number | null }
  | { kind: 'inconsistent-photos'; photos: number[] }
  | { kind: 'photo'; reason: string; index: number; name: string | null }
  | { kind: 'unknown' }

export function confirmationOf(details: Record<string, unknown> | undefined): Confirmation {
  if (!details) return { kind: 'unknown' }
  const kind = str(details.kind)
  if (kind === 'inconsistent-photos' && Array.isArray(details.photos)) {
    return { kind: 'inconsistent-photos', photos: details.photos.filter((p): p is number => typeof p === 'number') }
  }
  const index = num(details.index)
  if (index !== null && kind !== null) return { kind: 'photo', reason: kind, index, name: str(details.name) }
  const first = Array.isArray(details.matches) ? obj(details.matches[0]) : null
  const nested = first ?? obj(details.match) ?? obj(details.resident) ?? details
  const residentId = str(nested.residentId) ?? str(nested.id)
  const name = str(nested.name)
  if (kind === 'duplicate' || residentId || name) return { kind: 'duplicate', residentId, name, distance: num(nested.distance) }
  return { kind: 'unknown' }
}

/** The lockout end of a LOCKED error or an admin state, as epoch ms. */
export function lockedUntilOf(details: Record<string, unknown> | undefined): number | null {
  if (!details) return null
  const v = details.lockedUntil ?? details.until
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'string') {
    const t = Date.parse(v)
    return Number.isNaN(t) ? null : t
  }
  return null
}

const stripPatch = (path: string): string => path.replace(/^patch\.?/, '')

/**
 * Server validation errors as field path → message. Main's registry puts zod issues in the message
 * ("Invalid request for updateSettings: patch.relockMs: Too small; ..."); details.issues is read too.
 */
export function serverFieldErrors(result: Pick<ErrorResult, 'message' | 'details'>): Record<string, string> {
  const out: Record<string, string> = {}
  const issues = result.details?.issues
  if (Array.isArray(issues)) {
    for (const issue of issues) {
      const o = obj(issue)
      if (!o) continue
      const path = Array.isArray(o.path) ? o.path.map(String).join('.') : str(o.path)
      const message = str(o.message)
      if (path && message) out[stripPatch(path)] = message
    }
  }
  const body = result.message.replace(/^Invalid request for \w+:\s*/, '')
  for (const part of body.split(';')) {
    const m = /^\s*([A-Za-z][\w.]*):\s*(.+?)\s*$/.exec(part)
    if (m && !(stripPatch(m[1]!) in out)) out[stripPatch(m[1]!)] = m[2]!
  }
  return out
}
