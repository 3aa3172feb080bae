import { PHOTO_ERROR_CODES, type PhotoErrorCode } from '../../../shared/error-details'
import type { ErrorDetails, ErrorResult } from '../../../shared/errors'

/** Helpers over the `{ ok: false, code, message, details }` results the API resolves to. */

/** An administrator call refused because the session token is missing, wrong or expired. */
export const isSessionRefused = (r: ErrorResult): boolean => r.code === 'FORBIDDEN'

/** An error about the photos themselves (no face, blurry...): its details list every refused photo. */
export type PhotoErrorResult = Extract<ErrorResult, { code: PhotoErrorCode }>
export const isPhotoError = (r: ErrorResult): r is PhotoErrorResult => (PHOTO_ERROR_CODES as readonly string[]).includes(r.code)

/**
 * What a NEEDS_CONFIRMATION error asks (its details are typed per code in the shared contract, see
 * error-details.ts): "looks like Kian: same person?", two photos of one request that differ, or one
 * photo added to a resident that looks like someone else or not like them.
 */
export type Confirmation =
  | { kind: 'duplicate'; residentId: string | null; name: string | null; distance: number | null }
  | { kind: 'inconsistent-photos'; photos: number[] }
  | { kind: 'photo'; reason: 'other-resident' | 'not-this-resident'; index: number; name: string | null }
  | { kind: 'unknown' }

export function confirmationOf(details: ErrorDetails<'NEEDS_CONFIRMATION'> | undefined): Confirmation {
  if (!details) return { kind: 'unknown' }
  switch (details.kind) {
    case 'duplicate': {
      const [nearest] = details.matches
      return { kind: 'duplicate', residentId: nearest.residentId, name: nearest.name, distance: nearest.distance }
    }
    case 'inconsistent-photos':
      return { kind: 'inconsistent-photos', photos: details.photos }
    case 'other-resident':
      return { kind: 'photo', reason: 'other-resident', index: details.index, name: details.name }
    case 'not-this-resident':
      return { kind: 'photo', reason: 'not-this-resident', index: details.index, name: null }
  }
}

/** The lockout end of a LOCKED error, as epoch ms. */
export function lockedUntilOf(details: ErrorDetails<'LOCKED'> | undefined): number | null {
  return details?.lockedUntil ?? null
}

const stripPatch = (path: string): string => path.replace(/^patch\.?/, '')

/**
 * Server validation errors as field path → message. Main's registry puts zod issues in the message
 * ("Invalid request for updateSettings: patch.relockMs: Too small; ..."); details.issues is read too.
 */
export function serverFieldErrors(result: ErrorResult): Record<string, string> {
  const out: Record<string, string> = {}
  const issues = result.code === 'INVALID_PAYLOAD' ? (result.details?.issues ?? []) : []
  for (const { path, message } of issues) if (path && message) out[stripPatch(path)] = message
  const body = result.message.replace(/^Invalid request for \w+:\s*/, '')
  for (const part of body.split(';')) {
    const m = /^\s*([A-Za-z][\w.]*):\s*(.+?)\s*$/.exec(part)
    if (m && !(stripPatch(m[1]!) in out)) out[stripPatch(m[1]!)] = m[2]!
  }
  return out
}
