/**
 * Dates typed in the access log's filters, in the interface's language rather than the browser's
 * (a datetime-local input shows mm/dd/yyyy whatever the UI language). Accepted: the way the log's rows
 * write dates ("1 Dec 2026", "1 thg 12, 2026"), day-first numbers ("1/12/2026", "1.12.2026") and ISO
 * ("2026-12-01"), each with an optional "08:30" before or after. Pure: the locale is a parameter.
 */

/** The filters' canonical value: local time "2026-12-01T08:30" (what filterRequest reads). */
export const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/

const pad = (n: number): string => String(n).padStart(2, '0')
const clean = (s: string): string => s.toLowerCase().replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim()

/** Every way the locale names a month (short and long, alone and next to a day), lower case → 1-12. */
export function monthNames(locale: string): Map<string, number> {
  const names = new Map<string, number>()
  const styles: Intl.DateTimeFormatOptions[] = [{ month: 'short' }, { month: 'long' }, { day: 'numeric', month: 'short' }, { day: 'numeric', month: 'long' }]
  for (let m = 0; m < 12; m++) {
    const date = new Date(2000, m, 1)
    for (const style of styles) {
      const part = new Intl.DateTimeFormat(locale, style).formatToParts(date).find((p) => p.type === 'month')
      if (part) names.set(clean(part.value), m + 1)
    }
  }
  return names
}

function dateOf(year: number, month: number, day: number): boolean {
  const d = new Date(year, month - 1, day)
  return d.getFullYear() === year && d.getMonth() === month - 1 && d.getDate() === day
}

function parseDay(text: string, months: Map<string, number>): [number, number, number] | null {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text)
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])]
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text)
  if (m) return [Number(m[3]), Number(m[2]), Number(m[1])]
  m = /^(\d{1,2}) (.+) (\d{4})$/.exec(clean(text))
  const month = m ? months.get(m[2]!) : undefined
  return m && month ? [Number(m[3]), month, Number(m[1])] : null
}

/**
 * Typed text → canonical local time, '' for an empty field, null when it is not a date. A date without
 * a time is the start of that day for "from" and its last minute for "to".
 */
export function parseDateText(text: string, months: Map<string, number>, bound: 'from' | 'to'): string | null {
  let rest = text.trim()
  if (rest === '') return ''
  let hour = bound === 'from' ? 0 : 23
  let minute = bound === 'from' ? 0 : 59
  const time = /(?:^|[\s,T])(\d{1,2})[:h](\d{2})(?::\d{2})?(?=$|[\s,])/.exec(rest)
  if (time) {
    hour = Number(time[1])
    minute = Number(time[2])
    if (hour > 23 || minute > 59) return null
    rest = (rest.slice(0, time.index) + ' ' + rest.slice(time.index + time[0].length)).replace(/^[\s,]+|[\s,]+$/g, '')
  }
  const day = parseDay(rest, months)
  if (!day || !dateOf(...day)) return null
  const [y, mo, d] = day
  return `${y}-${pad(mo)}-${pad(d)}T${pad(hour)}:${pad(minute)}`
}

/** Canonical value → text in the locale, as the log's rows write dates; the day alone at a day's bound. */
export function formatDateText(value: string, locale: string, bound: 'from' | 'to'): string {
  if (!CANONICAL.test(value)) return value
  const [y, mo, d, h, mi] = value.split(/[-T:]/).map(Number) as [number, number, number, number, number]
  const date = new Date(y, mo - 1, d, h, mi)
  const dayOnly = bound === 'from' ? h === 0 && mi === 0 : h === 23 && mi === 59
  const options: Intl.DateTimeFormatOptions = dayOnly ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' }
  return new Intl.DateTimeFormat(locale, options).format(date)
}
