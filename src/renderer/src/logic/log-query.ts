import type { ACCESS_RESULTS } from '../../../shared/ipc/schemas/log'
import { CANONICAL } from './date-text'

/** The access log screen's filters, turned into queryLog/exportLogCsv requests. Pure. */

export type AccessResult = (typeof ACCESS_RESULTS)[number]

export const LOG_PAGE_SIZE = 25

export interface LogFilters {
  /**
   * Local time "2025-03-01T08:30" (see date-text.ts), '' for no bound; anything else is text that
   * is not a date, which filterRequest refuses.
   */
  from: string
  to: string
  /** '' for everyone. */
  residentId: string
  /** '' for every result. */
  result: AccessResult | ''
}

export const EMPTY_FILTERS: LogFilters = { from: '', to: '', residentId: '', result: '' }

export interface LogFilterRequest {
  from?: string
  to?: string
  residentId?: string
  result?: AccessResult
}

/** Canonical local time → ISO instant, or null when empty or not canonical. */
export function localToIso(value: string): string | null {
  if (!CANONICAL.test(value)) return null
  const t = new Date(value).getTime()
  return Number.isNaN(t) ? null : new Date(t).toISOString()
}

/** An instant → the datetime-local text for the same local time. */
export function isoToLocal(iso: string | number): string {
  const d = new Date(iso)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

export type FilterCheck = { ok: true; request: LogFilterRequest } | { ok: false; error: 'log.invalidRange' | 'log.invalidDate' }

export function filterRequest(f: LogFilters): FilterCheck {
  if ((f.from !== '' && !CANONICAL.test(f.from)) || (f.to !== '' && !CANONICAL.test(f.to))) return { ok: false, error: 'log.invalidDate' }
  const from = localToIso(f.from)
  const to = localToIso(f.to)
  if (from && to && from > to) return { ok: false, error: 'log.invalidRange' }
  const request: LogFilterRequest = {}
  if (from) request.from = from
  if (to) request.to = to
  if (f.residentId) request.residentId = f.residentId
  if (f.result) request.result = f.result
  return { ok: true, request }
}

/** 1-based first/last row numbers of a page, for "26–50 of 120". */
export function pageRange(offset: number, rows: number, total: number): { from: number; to: number; total: number } {
  if (rows === 0) return { from: 0, to: 0, total }
  return { from: offset + 1, to: offset + rows, total }
}

export function csvFileName(now: Date): string {
  return `happy-house-access-log-${isoToLocal(now.getTime()).slice(0, 10)}.csv`
}
