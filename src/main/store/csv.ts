import type { AccessEvent } from './schema'

/** Shown instead of the name of a resident who was deleted after the event. */
export const DELETED_RESIDENT_LABEL = 'deleted resident'

/**
 * The stored sentence of an event names nobody (a hard delete must leave no name in free text): it
 * says these instead, and the export puts the resident columns' names in their place.
 */
export const ANONYMOUS_RESIDENT = 'the resident'
export const ANONYMOUS_CLAIMED = 'the claimed resident'

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

/** "Welcome, the resident" → "Welcome, Kian" (or "deleted resident"), from the event's own columns. */
function namedMessage(message: string | null, claimed: string | null, decided: string | null): string | null {
  if (message === null) return null
  const withClaimed = claimed === null ? message : message.split(ANONYMOUS_CLAIMED).join(claimed)
  return decided === null ? withClaimed : withClaimed.split(ANONYMOUS_RESIDENT).join(decided)
}

function eventRow(e: AccessEvent): string[] {
  const claimed = residentLabel(e.claimedResidentName, e.claimedResidentId, e.claimedDeleted)
  const decided = residentLabel(e.decidedResidentName, e.decidedResidentId, e.decidedDeleted)
  return [
    e.time,
    e.mode,
    e.result,
    e.reason,
    namedMessage(e.message, claimed, decided),
    claimed,
    decided,
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
