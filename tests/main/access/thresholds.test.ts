import { describe, expect, it } from 'vitest'
import { AccessDecider } from '../../../src/main/access/decider'
import { DEFAULT_ACCESS_CONFIG, SENSITIVITY_PRESETS } from '../../../src/main/access/config'
import { comparisonFarFor, distanceAtFar, farAtDistance, strangerRateFor, tailOf, thresholdInForce } from '../../../src/main/access/thresholds'
import { createFaceEngine } from '../../../src/main/engine'
import type { AccessDecision, AccessFrame } from '../../../src/main/access/types'
import { run, THRESHOLDS } from './frames'

const STEP = 100

function feed(d: AccessDecider, frames: AccessFrame[]): AccessDecision[] {
  return frames.map((f) => d.observe(f))
}

/** The shipped model's calibrated thresholds (the manifest is read; no model is loaded). */
const calibrated = createFaceEngine().thresholds
const SIZES = [1, 2, 3, 5, 10, 15, 20, 40, 60, 100, 150, 300, 600, 1_200, 5_000, 20_000, 100_000, 1_000_000]

describe('threshold in force: a preset is a false-open rate per stranger attempt', () => {
  it('the shipped model carries a measured impostor tail down to 1e-6 at least', () => {
    expect(calibrated.tail).toBeDefined()
    const tail = tailOf(calibrated)
    expect(tail[0].far).toBeLessThanOrEqual(1e-7)
    expect(tail.at(-1)!.far).toBeGreaterThanOrEqual(1e-1)
  })

  it("reads the door's threshold from the templates' tail, stricter than the photos' tail, and enrollment checks from the photos' tail", () => {
    expect(calibrated.templateTail).toBeDefined()
    const templates = tailOf(calibrated)
    const photos = tailOf(calibrated, 'photos')
    expect(templates.map((r) => r.distance)).toEqual([...calibrated.templateTail!].sort((a, b) => a.far - b.far).map((r) => r.distance))
    for (const far of [1e-2, 1e-4, 1e-6]) expect(distanceAtFar(templates, far)).toBeLessThan(distanceAtFar(photos, far))
    // Without a template tail (another model), the photo tail serves.
    expect(tailOf({ ...calibrated, templateTail: undefined })).toEqual(photos)
  })

  it('a building of one-photo and several-photo residents reads each row on its own tail, at the preset rate', () => {
    const rate = DEFAULT_ACCESS_CONFIG.openSet.strangerRate.balanced
    const photos = thresholdInForce(DEFAULT_ACCESS_CONFIG, calibrated, { photos: 40, templates: 0 })
    const templates = thresholdInForce(DEFAULT_ACCESS_CONFIG, calibrated, { photos: 0, templates: 40 })
    const mixed = thresholdInForce(DEFAULT_ACCESS_CONFIG, calibrated, { photos: 20, templates: 20 })
    // Pure galleries: the closed form on their own tail; a plain number means templates.
    expect(photos.threshold).toBeCloseTo(distanceAtFar(tailOf(calibrated, 'photos'), comparisonFarFor(rate, 40)), 12)
    expect(templates.threshold).toBe(thresholdInForce(DEFAULT_ACCESS_CONFIG, calibrated, 40).threshold)
    // The template tail is stricter, so a mix lies between, and its stranger rate is the preset's.
    expect(mixed.threshold).toBeGreaterThan(templates.threshold)
    expect(mixed.threshold).toBeLessThan(photos.threshold)
    const hazard = (f: number) => -Math.log1p(-f)
    const total = 20 * hazard(farAtDistance(tailOf(calibrated, 'photos'), mixed.threshold)) + 20 * hazard(farAtDistance(tailOf(calibrated), mixed.threshold))
    expect(-Math.expm1(-total)).toBeCloseTo(rate, 9)
    expect(mixed.strangerRate).toBeCloseTo(rate, 9)
    expect(mixed.gallerySize).toBe(40)
    // Presets stay ordered on a mix too.
    const values = SENSITIVITY_PRESETS.map((p) => thresholdInForce(DEFAULT_ACCESS_CONFIG, calibrated, { photos: 7, templates: 93 }, p).threshold)
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1])
  })

  it('follows the gallery size as calibrated: the nearest of G impostors passes at the preset rate', () => {
    const tail = tailOf(calibrated)
    let previous = Infinity
    for (const g of SIZES) {
      const t = thresholdInForce(DEFAULT_ACCESS_CONFIG, calibrated, g)
      const target = DEFAULT_ACCESS_CONFIG.openSet.strangerRate.balanced
      if (!t.floored) {
        expect(t.threshold).toBeCloseTo(distanceAtFar(tail, comparisonFarFor(target, g)), 12)
        expect(strangerRateFor(farAtDistance(tail, t.threshold), g)).toBeCloseTo(target, 8)
      } else {
        // A building too large for the preset: the floor holds the threshold, and the rate says what it costs.
        expect(t.comparisonFar).toBe(Math.max(DEFAULT_ACCESS_CONFIG.openSet.minComparisonFar.balanced, tail[0].far))
        expect(t.strangerRate).toBeGreaterThan(target)
      }
      expect(t.threshold).toBeLessThanOrEqual(previous)
      previous = t.threshold
    }
    const small = thresholdInForce(DEFAULT_ACCESS_CONFIG, calibrated, 5).threshold
    const large = thresholdInForce(DEFAULT_ACCESS_CONFIG, calibrated, 400).threshold
    expect(large).toBeLessThan(small)
  })

  it('with one enrolled face, a preset is the per-comparison rate itself', () => {
    for (const preset of SENSITIVITY_PRESETS) {
      const t = thresholdInForce(DEFAULT_ACCESS_CONFIG, THRESHOLDS, 1, preset)
      expect(t.comparisonFar).toBeCloseTo(DEFAULT_ACCESS_CONFIG.openSet.strangerRate[preset], 15)
    }
    expect(thresholdInForce(DEFAULT_ACCESS_CONFIG, THRESHOLDS, 0).gallerySize).toBe(1)
  })

  it('keeps the presets in a strict order at every gallery size', () => {
    for (const thresholds of [calibrated, THRESHOLDS]) {
      for (const g of SIZES) {
        const values = SENSITIVITY_PRESETS.map((p) => thresholdInForce(DEFAULT_ACCESS_CONFIG, thresholds, g, p).threshold)
        for (let i = 1; i < values.length; i++) expect(values[i], `G=${g}: ${SENSITIVITY_PRESETS[i]}`).toBeGreaterThan(values[i - 1])
        const rates = SENSITIVITY_PRESETS.map((p) => thresholdInForce(DEFAULT_ACCESS_CONFIG, thresholds, g, p).strangerRate)
        for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeGreaterThan(rates[i - 1])
      }
    }
  })
})

describe('the decider follows the gallery size', () => {
  it('recomputes its threshold when enrollment changes, and decisions carry it', () => {
    const decider = new AccessDecider({ config: { liveness: { mode: 'off' } }, thresholds: THRESHOLDS })
    expect(decider.activeThreshold).toBeCloseTo(1.0, 12)
    decider.setGallerySize(100)
    // 1e-4 per stranger over 100 faces: about 1e-6 per comparison.
    expect(decider.activeThreshold).toBeCloseTo(distanceAtFar(tailOf(THRESHOLDS), comparisonFarFor(1e-4, 100)), 12)
    expect(decider.activeThreshold).toBeLessThan(0.81)
    const frames = run(0, 10, STEP, { nearest: "kian", distance: 0.85 })
    const ds = feed(decider, frames)
    expect(ds.some((d) => d.result === 'granted')).toBe(false)
    expect(ds.at(-1)!.threshold).toBe(decider.activeThreshold)
    decider.setGallerySize(1)
    expect(feed(decider, run(10_000, 10, STEP, { nearest: "kian", distance: 0.85 })).some((d) => d.result === 'granted')).toBe(true)
  })
})
