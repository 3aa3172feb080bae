import { describe, expect, it } from 'vitest'
import { DECISION_REASONS } from '../../../src/main/access/types'
import { captureHint, QUALITY_REASONS } from '../../../src/main/residents/quality-gates'
import { en, type MessageKey } from '../../../src/renderer/src/i18n/en'
import { connectionKey, decisionReasonKey, errorKey, hintKey, rejectionKey } from '../../../src/renderer/src/i18n/keys'
import { DICTIONARIES, format, placeholders, plural, translate } from '../../../src/renderer/src/i18n/translate'
import { vi } from '../../../src/renderer/src/i18n/vi'
import { CONNECTION_LOSSES } from '../../../src/shared/error-details'
import { ERROR_CODES } from '../../../src/shared/errors'
import { PROMPTS } from '../../../src/shared/ipc/schemas/kiosk'
import { ACCESS_RESULTS } from '../../../src/shared/ipc/schemas/log'
import { LANGUAGES, LIVENESS_MODES, SENSITIVITY_PRESETS } from '../../../src/shared/settings'

/**
 * Strings that are the same in both languages on purpose: the product name, technical words kept in
 * English in Vietnamese UIs, and texts made only of placeholders or numbers.
 */
const SAME_IN_BOTH: ReadonlySet<MessageKey> = new Set<MessageKey>([
  'app.name',
  'pin.submit',
  'resident.source.camera',
  'settings.camera',
  'settings.cameraDevice',
  'settings.cameraUnnamed',
  'enroll.rejectedFile'
])

const keys = Object.keys(en) as MessageKey[]

describe('dictionaries', () => {
  it('have exactly the same keys in every language', () => {
    for (const language of LANGUAGES) {
      expect(Object.keys(DICTIONARIES[language]).sort()).toEqual([...keys].sort())
    }
  })

  it('have no empty or whitespace-only text', () => {
    for (const language of LANGUAGES) {
      for (const key of keys) expect(DICTIONARIES[language][key].trim(), `${language}:${key}`).not.toBe('')
    }
  })

  it('use the same placeholders in every language', () => {
    for (const key of keys) expect(placeholders(vi[key]), key).toEqual(placeholders(en[key]))
  })

  it('translate every text into Vietnamese (identical only where intended)', () => {
    const identical = keys.filter((k) => vi[k] === en[k] && !SAME_IN_BOTH.has(k))
    expect(identical).toEqual([])
  })

  it('give every plural both forms', () => {
    for (const key of keys) {
      if (key.endsWith('_one')) expect(keys, key).toContain(key.replace(/_one$/, '_other'))
      if (key.endsWith('_other')) expect(keys, key).toContain(key.replace(/_other$/, '_one'))
    }
  })

  it('write Vietnamese with its diacritics (not stripped ASCII)', () => {
    const withMarks = keys.filter((k) => /[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]/i.test(vi[k]))
    expect(withMarks.length / keys.length).toBeGreaterThan(0.8)
  })
})

describe('machine codes from main are all translated', () => {
  it('every decision reason', () => {
    for (const reason of DECISION_REASONS) expect(decisionReasonKey(reason), reason).not.toBeNull()
  })

  it('every photo rejection reason of the quality gates', () => {
    for (const reason of QUALITY_REASONS) expect(rejectionKey(reason), reason).not.toBeNull()
  })

  it('every capture hint', () => {
    // Every hint main's captureHint() can give: none, and each gate failing either way.
    const failing = (reason: (typeof QUALITY_REASONS)[number], measured: number) => captureHint({ reason, measured, limit: 0, message: '' })
    const hints = [captureHint(null), ...QUALITY_REASONS.flatMap((r) => [failing(r, 10), failing(r, -10)])]
    expect(new Set(hints)).toContain('turn-left')
    for (const hint of hints) expect(hintKey(hint), hint).not.toBe('hint.unknown')
    expect(hintKey('something-new')).toBe('hint.unknown')
  })

  it('every reason the transport gives for losing main, in both languages', () => {
    for (const reason of CONNECTION_LOSSES) {
      const key = connectionKey({ code: 'DISCONNECTED', details: { reason } })
      expect(key, reason).not.toBeNull()
      expect(vi[key!], reason).not.toBe(en[key!])
    }
    expect(connectionKey({ code: 'INTERNAL' })).toBeNull()
  })

  it('every error code', () => {
    for (const code of ERROR_CODES) expect(errorKey(code), code).not.toBeNull()
    expect(errorKey('NOT_A_CODE')).toBeNull()
  })

  it('every prompt, access result, sensitivity preset and liveness mode', () => {
    const banner = {
      'hold-still': 'banner.holdStill',
      'look-at-camera': 'banner.lookAtCamera',
      'move-closer': 'banner.moveCloser',
      'one-at-a-time': 'banner.oneAtATime',
      'claim-first': 'banner.claimFirst',
      blink: 'banner.blink',
      'turn-left': 'banner.turnLeft',
      'turn-right': 'banner.turnRight'
    } as const
    for (const prompt of PROMPTS) if (prompt !== 'none') expect(en[banner[prompt]]).toBeTruthy()
    for (const result of ACCESS_RESULTS) expect(`log.result.${result}` in en, result).toBe(true)
    for (const preset of SENSITIVITY_PRESETS) expect(`settings.sensitivity.${preset}` in en, preset).toBe(true)
    for (const mode of LIVENESS_MODES) expect(`settings.liveness.${mode}` in en, mode).toBe(true)
  })
})

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate(en, 'banner.welcome', { name: 'Younes' })).toBe('Welcome home, Younes')
    expect(translate(vi, 'banner.welcome', { name: 'Younes' })).toBe('Chào mừng về nhà, Younes')
    expect(format('{a} and {b}', { a: 'x' })).toBe('x and {b}')
  })

  it('chooses the plural form by count', () => {
    expect(plural(en, 'residents.photos', 1)).toBe('1 photo')
    expect(plural(en, 'residents.photos', 3)).toBe('3 photos')
    expect(plural(vi, 'residents.photos', 3)).toBe('3 ảnh')
  })
})
