import type { AccessEvent } from './schema'

/** Shown instead of the name of a resident who was deleted after the event. */
export const DELETED_RESIDENT_LABEL = 'deleted resident'

// Cells starting with these are run as formulas by spreadsheet apps (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

/** RFC 4180 cell: quoted when it holds a comma, quote or line break; text formulas neutralised. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

const COLUMNS = [
  'time',
  'mode',
  'result',
  'reason',
  'message',
  'claimed_resident',
  'decided_resident',
  'distance',
  'margin',
  'threshold',
  'frames_agreeing',
  'frames_considered',
  'frames_required',
  'liveness_status',
  'liveness_score',
  'liveness_mode',
  'liveness_detail',
  'door_driver',
  'door_ok',
  'door_detail',
  'snapshot',
  'action',
  'actor'
] as const

function residentLabel(name: string | null, id: string | null, deleted: boolean): string | null {
  return deleted ? DELETED_RESIDENT_LABEL : (name ?? id)
}

function eventRow(e: AccessEvent): string[] {
  return [
    e.time,
    e.mode,
    e.result,
    e.reason,
    e.message,
    residentLabel(e.claimedResidentName, e.claimedResidentId, e.claimedDeleted),
    residentLabel(e.decidedResidentName, e.decidedResidentId, e.decidedDeleted),
    e.distance,
    e.margin,
    e.threshold,
    e.frames?.agreeing ?? null,
    e.frames?.considered ?? null,
    e.frames?.required ?? null,
    e.liveness?.status ?? null,
    e.liveness?.score ?? null,
    e.liveness?.mode ?? null,
    e.liveness?.detail ?? null,
    e.doorOutcome?.driver ?? null,
    e.doorOutcome ? e.doorOutcome.ok : null,
    e.doorOutcome?.detail ?? null,
    e.snapshot,
    e.action,
    e.actor
  ].map(csvCell)
}

/** CSV (header + one line per event, CRLF line ends as RFC 4180 says). */
export function eventsToCsv(events: readonly AccessEvent[]): string {
  const lines = [COLUMNS.join(','), ...events.map((e) => eventRow(e).join(','))]
  return lines.join('\r\n') + '\r\n'
}
