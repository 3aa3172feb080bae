import { describe, expect, it } from 'vitest'
import { planBatches, percent } from '../../../src/renderer/src/logic/batches'
import { AutoCapture, boxChange } from '../../../src/renderer/src/logic/capture-plan'
import { fractionLeft, secondsLeft } from '../../../src/renderer/src/logic/countdown'
import { csvFileName, filterRequest, isoToLocal, localToIso, pageRange } from '../../../src/renderer/src/logic/log-query'
import { appendDigit, isValidPin, lockoutRemaining, removeLastDigit, sanitizePin } from '../../../src/renderer/src/logic/pin'
import { confirmationOf, lockedUntilOf } from '../../../src/renderer/src/logic/results'
import { ERROR_DETAILS } from '../../../src/shared/error-details'
import { AppError, ERROR_CODES, toErrorResult } from '../../../src/shared/errors'
import { screenKind, type ScreenInput } from '../../../src/renderer/src/logic/screen-message'

describe('planBatches', () => {
  it('splits by count and by bytes, never leaving a photo out', () => {
    expect(planBatches([1, 1, 1, 1, 1], 2, 100)).toEqual([[0, 1], [2, 3], [4]])
    expect(planBatches([60, 60, 10, 200, 5], 20, 100)).toEqual([[0], [1, 2], [3], [4]])
    expect(planBatches([], 20, 100)).toEqual([])
  })

  it('gives a progress percentage', () => {
    expect(percent(3, 12)).toBe(25)
    expect(percent(0, 0)).toBe(0)
  })
})

describe('AutoCapture', () => {
  it('keeps a frame after steady good checks, spaced out, up to the target', () => {
    const auto = new AutoCapture({ target: 2, spacingMs: 1_000, stableChecks: 2 })
    expect(auto.shouldCapture(true, 0, 0)).toBe(false)
    expect(auto.shouldCapture(true, 300, 0)).toBe(true)
    expect(auto.shouldCapture(true, 600, 1)).toBe(false)
    expect(auto.shouldCapture(true, 900, 1)).toBe(false)
    expect(auto.shouldCapture(true, 1_400, 1)).toBe(true)
    expect(auto.shouldCapture(true, 3_000, 2)).toBe(false)
  })

  it('keeps varied photos: the face must move or turn, or a while must pass', () => {
    const auto = new AutoCapture({ target: 5, spacingMs: 500, stableChecks: 1, minChange: 0.1, varietyWaitMs: 3_000 })
    const at = (x: number) => ({ x, y: 50, width: 100, height: 100 })
    expect(auto.shouldCapture(true, 0, 0, at(100))).toBe(true)
    // Standing still: no second photo within the wait, though the spacing has passed.
    expect(auto.shouldCapture(true, 1_000, 1, at(104))).toBe(false)
    expect(auto.shouldCapture(true, 2_000, 1, at(105))).toBe(false)
    // A step aside of 12 % of the face width: kept.
    expect(auto.shouldCapture(true, 2_500, 1, at(112))).toBe(true)
    // Still again: kept once the wait is over, so someone who cannot move is enrolled too.
    expect(auto.shouldCapture(true, 4_000, 2, at(112))).toBe(false)
    expect(auto.shouldCapture(true, 5_500, 2, at(112))).toBe(true)
    expect(boxChange(at(100), { x: 95, y: 45, width: 110, height: 110 })).toBeCloseTo(0.1, 9)
  })

  it('starts counting again after a bad check', () => {
    const auto = new AutoCapture({ target: 5, spacingMs: 0, stableChecks: 2 })
    auto.shouldCapture(true, 0, 0)
    expect(auto.shouldCapture(false, 100, 0)).toBe(false)
    expect(auto.shouldCapture(true, 200, 0)).toBe(false)
    expect(auto.shouldCapture(true, 300, 0)).toBe(true)
  })
})

describe('countdown', () => {
  it('rounds seconds up and never goes below zero', () => {
    expect(secondsLeft(10_000, 0)).toBe(10)
    expect(secondsLeft(10_000, 9_001)).toBe(1)
    expect(secondsLeft(10_000, 12_000)).toBe(0)
    expect(secondsLeft(null, 0)).toBe(0)
    expect(fractionLeft(0, 10_000, 2_500)).toBe(0.75)
  })
})

describe('log filters', () => {
  it('turn local date-times into ISO instants and back', () => {
    const iso = localToIso('2025-03-01T08:30')!
    expect(iso).toMatch(/^2025-0[23]-\d\dT\d\d:30:00\.000Z$/)
    expect(isoToLocal(iso)).toBe('2025-03-01T08:30')
    expect(localToIso('')).toBeNull()
  })

  it('build the request, leaving out empty filters, and refuse a reversed range', () => {
    expect(filterRequest({ from: '', to: '', residentId: '', result: '' })).toEqual({ ok: true, request: {} })
    const r = filterRequest({ from: '2025-03-01T08:00', to: '2025-03-02T08:00', residentId: 'r1', result: 'granted' })
    expect(r.ok && r.request).toMatchObject({ residentId: 'r1', result: 'granted' })
    expect(filterRequest({ from: '2025-03-02T08:00', to: '2025-03-01T08:00', residentId: '', result: '' })).toEqual({ ok: false, error: 'log.invalidRange' })
  })

  it('describe a page and name the CSV file by date', () => {
    expect(pageRange(25, 25, 60)).toEqual({ from: 26, to: 50, total: 60 })
    expect(pageRange(0, 0, 0)).toEqual({ from: 0, to: 0, total: 0 })
    expect(csvFileName(new Date(2025, 2, 1, 12))).toBe('happy-house-access-log-2025-03-01.csv')
  })
})

describe('PIN entry', () => {
  it('takes digits only, up to 12', () => {
    let pin = ''
    for (const k of '12a3456789012345') pin = appendDigit(pin, k)
    expect(pin).toBe('123456789012')
    expect(removeLastDigit('123')).toBe('12')
    expect(sanitizePin(' 12-34 ')).toBe('1234')
  })

  it('checks the contract rule and the lockout time left', () => {
    expect(isValidPin('123')).toBe(false)
    expect(isValidPin('1234')).toBe(false)
    expect(isValidPin('123456')).toBe(true)
    expect(lockoutRemaining(5_000, 2_000)).toBe(3_000)
    expect(lockoutRemaining(null, 2_000)).toBe(0)
    expect(lockoutRemaining(1_000, 2_000)).toBe(0)
  })
})

describe('error details', () => {
  it('read what a NEEDS_CONFIRMATION asks, in the shapes main sends', () => {
    expect(confirmationOf({ kind: 'duplicate', matches: [{ residentId: 'r-kian', name: 'Kian', distance: 0.41 }], threshold: 0.9 })).toEqual({
      kind: 'duplicate',
      residentId: 'r-kian',
      name: 'Kian',
      distance: 0.41
    })
    expect(confirmationOf({ kind: 'inconsistent-photos', photos: [0, 3], distance: 1.2, threshold: 1 })).toEqual({ kind: 'inconsistent-photos', photos: [0, 3] })
    expect(confirmationOf({ kind: 'other-resident', index: 2, residentId: 'r-x', name: 'Tian', distance: 0.5, threshold: 0.9 })).toEqual({
      kind: 'photo',
      reason: 'other-resident',
      index: 2,
      name: 'Tian'
    })
    expect(confirmationOf(undefined)).toEqual({ kind: 'unknown' })
  })

  it('read a lockout end', () => {
    expect(lockedUntilOf({ lockedUntil: 1_700_000_000_000 })).toBe(1_700_000_000_000)
    expect(lockedUntilOf(undefined)).toBeNull()
  })

  it('are checked against their code\'s schema before they leave main: malformed ones are dropped', () => {
    const ok = toErrorResult(new AppError('LOCKED', 'locked', { lockedUntil: 5 }))
    expect(ok).toEqual({ ok: false, code: 'LOCKED', message: 'locked', details: { lockedUntil: 5 } })
    const bad = new AppError('LOCKED', 'locked', { until: 'soon' } as unknown as { lockedUntil: number })
    expect(toErrorResult(bad)).toEqual({ ok: false, code: 'LOCKED', message: 'locked' })
    // Every code has a details schema, and a code without details refuses any.
    for (const code of ERROR_CODES) expect(ERROR_DETAILS[code]).toBeDefined()
    expect(toErrorResult(new AppError('NOT_FOUND', 'gone', {} as never))).toEqual({ ok: false, code: 'NOT_FOUND', message: 'gone' })
  })
})

describe('screenKind', () => {
  const ok: ScreenInput = { missingToken: false, serviceSettled: true, connected: true, engineState: 'ready', engineCode: null, cameraPhase: 'live' }

  it('shows nothing when all is well, or while things are still starting', () => {
    expect(screenKind(ok)).toBeNull()
    expect(screenKind({ ...ok, cameraPhase: 'starting', engineState: 'loading', serviceSettled: false, connected: false })).toBeNull()
  })

  it('orders the causes: token, service, models, camera', () => {
    const everythingWrong: ScreenInput = { missingToken: true, serviceSettled: true, connected: false, engineState: 'error', engineCode: 'MODELS_MISSING', cameraPhase: 'denied' }
    expect(screenKind(everythingWrong)).toBe('no-token')
    expect(screenKind({ ...everythingWrong, missingToken: false })).toBe('disconnected')
    expect(screenKind({ ...everythingWrong, missingToken: false, connected: true })).toBe('models-missing')
    expect(screenKind({ ...ok, engineState: 'error', engineCode: 'MODELS_CORRUPT' })).toBe('models-corrupt')
    expect(screenKind({ ...ok, engineState: 'error', engineCode: 'INTERNAL' })).toBe('engine-error')
    expect(screenKind({ ...ok, cameraPhase: 'denied' })).toBe('denied')
    expect(screenKind({ ...ok, cameraPhase: 'unplugged' })).toBe('unplugged')
    expect(screenKind({ ...ok, cameraPhase: 'no-camera' })).toBe('no-camera')
  })
})
