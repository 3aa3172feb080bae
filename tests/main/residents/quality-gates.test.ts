import { describe, expect, it } from 'vitest'
import type { FaceQuality } from '../../../src/main/engine'
import { DEFAULT_QUALITY_CONFIG, parseQualityConfig } from '../../../src/main/residents/quality-config'
import { captureHint, faceCountFailure, qualityError, qualityFailures, qualityWarnings } from '../../../src/main/residents/quality-gates'

const good: FaceQuality = { faceSizePx: 60, sharpness: 80, yawDeg: 5, rollDeg: -3, brightness: 120, touchesBorder: false }
/** The enrollment service fills the liveness limits from the model's calibration; fixed here. */
const cfg = { ...DEFAULT_QUALITY_CONFIG, minLiveness: 0.5, minLivenessContext: 1.2 }
const reasons = (q: Partial<FaceQuality>, liveness: number | null = null, source: 'file' | 'camera' = 'file', livenessContext = 2.7): string[] =>
  qualityFailures({ quality: { ...good, ...q }, liveness, livenessContext }, source, cfg).map((f) => f.reason)

describe('quality gates', () => {
  it('pass a good face', () => {
    expect(reasons({})).toEqual([])
    expect(reasons({}, 0.9, 'camera')).toEqual([])
  })

  it.each([
    [{ faceSizePx: 39 }, 'too-small'],
    [{ sharpness: 19.9 }, 'blurry'],
    [{ yawDeg: -46 }, 'turned'],
    [{ rollDeg: 26 }, 'tilted'],
    [{ brightness: 49 }, 'too-dark'],
    [{ brightness: 211 }, 'too-bright']
  ] as const)('reject %j as %s', (q, reason) => {
    expect(reasons(q)).toEqual([reason])
  })

  it('enroll a tight file crop (face at the edge) with a warning, refuse it from the camera or when configured', () => {
    expect(reasons({ touchesBorder: true })).toEqual([])
    expect(qualityWarnings({ quality: { ...good, touchesBorder: true }, liveness: null }, 'file', cfg).map((w) => w.reason)).toEqual(['tight-crop'])
    expect(qualityWarnings({ quality: good, liveness: null }, 'file', cfg)).toEqual([])
    expect(reasons({ touchesBorder: true }, 0.9, 'camera')).toEqual(['cut-off'])
    const strict = { ...cfg, tightFileCrops: 'reject' as const }
    expect(qualityFailures({ quality: { ...good, touchesBorder: true }, liveness: null }, 'file', strict).map((f) => f.reason)).toEqual(['cut-off'])
    expect(qualityWarnings({ quality: { ...good, touchesBorder: true }, liveness: null }, 'file', strict)).toEqual([])
  })

  it('accept values exactly at the limits', () => {
    expect(reasons({ faceSizePx: 40, sharpness: 20, yawDeg: 45, rollDeg: -25, brightness: 50 })).toEqual([])
  })

  it('check liveness for camera captures only', () => {
    expect(reasons({}, 0.2, 'camera')).toEqual(['not-live'])
    expect(reasons({}, null, 'camera')).toEqual(['not-live'])
    expect(reasons({}, 0.2, 'file')).toEqual([])
  })

  it('refuse a camera capture without context (a tight crop), and any capture when the liveness limits are unset', () => {
    expect(reasons({}, 0.99, 'camera', 0.7)).toEqual(['not-live'])
    const unset = qualityFailures({ quality: good, liveness: 0.99, livenessContext: 2.7 }, 'camera', DEFAULT_QUALITY_CONFIG)
    expect(unset.map((f) => f.reason)).toEqual(['not-live'])
  })

  it('list exposure before sharpness (a dark face also measures blurry)', () => {
    expect(reasons({ brightness: 20, sharpness: 3 })).toEqual(['too-dark', 'blurry'])
  })

  it('count faces: none, several, several with pickLargest', () => {
    expect(faceCountFailure(0, false)?.reason).toBe('no-face')
    expect(faceCountFailure(2, false)).toMatchObject({ reason: 'multiple-faces', measured: 2, limit: 1 })
    expect(faceCountFailure(2, true)).toBeNull()
    expect(faceCountFailure(1, false)).toBeNull()
  })

  it('build QUALITY_REJECTED errors with {reason, measured, limit}', () => {
    const failures = qualityFailures({ quality: { ...good, faceSizePx: 29.34, sharpness: 5 }, liveness: null }, 'file', cfg)
    const error = qualityError(failures, 'Photo 2')
    expect(error.code).toBe('QUALITY_REJECTED')
    expect(error.message).toMatch(/^Photo 2: Face too small: 29 px, at least 40 px needed/)
    expect(error.details).toMatchObject({ reason: 'too-small', measured: 29.3, limit: 40 })
    expect((error.details?.failures as unknown[]).length).toBe(2)
  })

  it('turn failures into capture hints', () => {
    expect(captureHint(null)).toBe('ok')
    expect(captureHint(faceCountFailure(3, false))).toBe('several-faces')
    const [small] = qualityFailures({ quality: { ...good, faceSizePx: 10 }, liveness: null }, 'file', cfg)
    expect(captureHint(small)).toBe('move-closer')
    const [left] = qualityFailures({ quality: { ...good, yawDeg: -60 }, liveness: null }, 'file', cfg)
    const [right] = qualityFailures({ quality: { ...good, yawDeg: 60 }, liveness: null }, 'file', cfg)
    expect([captureHint(left), captureHint(right)]).toEqual(['turn-left', 'turn-right'])
  })
})

describe('quality config', () => {
  it('validates overrides', () => {
    expect(parseQualityConfig({ minFaceSizePx: 80 }).minFaceSizePx).toBe(80)
    expect(() => parseQualityConfig({ minBrightness: 200, maxBrightness: 100 })).toThrow(/minBrightness/)
    expect(() => parseQualityConfig({ maxYawDeg: Number.NaN })).toThrow(/maxYawDeg/)
    expect(() => parseQualityConfig({ duplicateThreshold: 'far:banana' as never })).toThrow(/duplicateThreshold/)
  })
})

describe('resolveThreshold', () => {
  it('reads numbers, per-comparison rates and per-new-person rates that follow the gallery size, from the tail', async () => {
    const { resolveThreshold } = await import('../../../src/main/residents/quality-config')
    const tail = [
      { far: 1e-8, distance: 0.6 },
      { far: 1e-6, distance: 0.8 },
      { far: 1e-4, distance: 1.0 },
      { far: 1e-2, distance: 1.2 }
    ]
    const thresholds = { accuracy: 1.2, far: {}, tail }
    expect(resolveThreshold(0.8, thresholds, 10)).toBe(0.8)
    expect(resolveThreshold('comparison:1e-2', thresholds, 500)).toBeCloseTo(1.2, 9)
    // One new person against 1 photo: the rate itself; against 100 photos, each comparison 100 times rarer.
    expect(resolveThreshold('stranger:1e-4', thresholds, 1)).toBeCloseTo(1.0, 9)
    expect(resolveThreshold('stranger:1e-4', thresholds, 100)).toBeCloseTo(0.8, 3)
    expect(resolveThreshold('stranger:1e-4', thresholds, 100)).toBeLessThan(resolveThreshold('stranger:1e-4', thresholds, 10))
  })

  it('refuses the old accuracy / far: forms and rates outside (0, 1)', () => {
    for (const bad of ['accuracy', 'far:1e-5', 'stranger:2', 'comparison:0', 'stranger:banana']) {
      expect(() => parseQualityConfig({ duplicateThreshold: bad as never }), bad).toThrow(/duplicateThreshold/)
    }
    expect(parseQualityConfig({ consistencyThreshold: 'comparison:0.005' }).consistencyThreshold).toBe('comparison:0.005')
  })
})
