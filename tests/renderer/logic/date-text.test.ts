import { describe, expect, it } from 'vitest'
import { LOCALES } from '../../../src/renderer/src/i18n/translate'
import { formatDateText, monthNames, parseDateText } from '../../../src/renderer/src/logic/date-text'
import { filterRequest } from '../../../src/renderer/src/logic/log-query'

const en = monthNames(LOCALES.en)
const vi = monthNames(LOCALES.vi)

/** Issue 14 item 11: the log's date filters are typed and shown in the UI's language, not the browser's. */
describe('date text of the log filters', () => {
  it('reads the dates the way the rows write them, in each language', () => {
    expect(parseDateText('1 Dec 2026', en, 'from')).toBe('2026-12-01T00:00')
    expect(parseDateText('1 December 2026, 08:30', en, 'from')).toBe('2026-12-01T08:30')
    expect(parseDateText(formatDateText('2026-12-01T08:30', LOCALES.vi, 'from'), vi, 'from')).toBe('2026-12-01T08:30')
    expect(parseDateText('1 thg 12, 2026', vi, 'to')).toBe('2026-12-01T23:59')
    expect(parseDateText('08:30 1 tháng 12 2026', vi, 'from')).toBe('2026-12-01T08:30')
  })

  it('reads numbers day first (as both languages write them) and ISO', () => {
    expect(parseDateText('1/12/2026', vi, 'from')).toBe('2026-12-01T00:00')
    expect(parseDateText('01.12.2026 7:05', en, 'from')).toBe('2026-12-01T07:05')
    expect(parseDateText('2026-12-01', en, 'to')).toBe('2026-12-01T23:59')
    expect(parseDateText('  ', en, 'from')).toBe('')
  })

  it('refuses what is not a date', () => {
    for (const text of ['31/2/2026', '12/31/2026', 'tomorrow', '1 Foo 2026', '1/12/2026 25:00', '1 Dec']) {
      expect(parseDateText(text, en, 'from'), text).toBeNull()
    }
    expect(filterRequest({ from: 'tomorrow', to: '', residentId: '', result: '' })).toEqual({ ok: false, error: 'log.invalidDate' })
    expect(filterRequest({ from: '2026-12-02T00:00', to: '2026-12-01T23:59', residentId: '', result: '' })).toEqual({ ok: false, error: 'log.invalidRange' })
  })

  it('shows the day alone at a bound of the day, as the rows do', () => {
    expect(formatDateText('2026-12-01T00:00', LOCALES.en, 'from')).toBe('1 Dec 2026')
    expect(formatDateText('2026-12-01T23:59', LOCALES.en, 'to')).toBe('1 Dec 2026')
    expect(formatDateText('2026-12-01T08:30', LOCALES.en, 'from')).toBe('1 Dec 2026, 08:30')
    expect(formatDateText('2026-12-01T00:00', LOCALES.vi, 'from')).not.toMatch(/^12\//)
  })
})
