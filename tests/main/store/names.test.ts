import { describe, expect, it } from 'vitest'
import { nameKey, normalizeResidentName } from '../../../src/main/store/names'

describe('normalizeResidentName', () => {
  it('trims and keeps accents', () => {
    expect(normalizeResidentName('  Tuấn Nguyễn ')).toBe('Tuấn Nguyễn')
  })

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['a'.repeat(81), /at most 80/],
    ['Kian\u0000', /control/],
    ['Ki\nan', /control/],
    ['../etc', /\//],
    ['a\\b', /control characters or/],
    ['\u202eevil', /control/]
  ])('rejects %j', (raw, message) => {
    expect(() => normalizeResidentName(raw)).toThrow(message)
    try {
      normalizeResidentName(raw)
    } catch (e) {
      expect((e as { code: string }).code).toBe('INVALID_PAYLOAD')
    }
  })

  it('accepts exactly 80 characters', () => {
    expect(normalizeResidentName('é'.repeat(80))).toHaveLength(80)
  })

  it('rejects non-strings', () => {
    expect(() => normalizeResidentName(42)).toThrow(/text/)
  })

  it('compares names case-insensitively', () => {
    expect(nameKey('Kian')).toBe(nameKey(' kIAN '))
    expect(nameKey('Tuấn')).not.toBe(nameKey('Tuân'))
  })
})
