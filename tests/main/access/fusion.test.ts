import { describe, expect, it } from 'vitest'
import { AccessDecider } from '../../../src/main/access/decider'
import { fuseEmbeddings, type ProbeMatcher } from '../../../src/main/access/fusion'
import type { AccessDecision, AccessFrame } from '../../../src/main/access/types'
import { Gallery } from '../../../src/main/engine/gallery'
import { THRESHOLDS } from './frames'

const DIM = 16
const STEP = 100

/** Unit vector along axis `i` plus `extra` (weights per axis), normalised. */
function vec(weights: Record<number, number>): Float32Array {
  const v = new Float32Array(DIM)
  for (const [i, w] of Object.entries(weights)) v[Number(i)] = w
  const n = Math.hypot(...v)
  return v.map((x) => x / n)
}

/** A frame of one face at `embedding`, matched against the real gallery as the kiosk does. */
function frame(gallery: Gallery, at: number, embedding: Float32Array, quality?: number): AccessFrame {
  const f: AccessFrame = { at, match: gallery.identify(embedding, 0), face: { cx: 100, cy: 100, size: 80, landmarks68: [], embedding } }
  if (quality !== undefined) f.quality = quality
  return f
}

const matcherOf = (gallery: Gallery): ProbeMatcher => ({
  identify: (probe) => gallery.identify(probe, 0),
  distanceTo: (probe, id) => gallery.verify(probe, id, 0).distance
})

function decider(gallery: Gallery, config: Record<string, unknown> = {}): AccessDecider {
  // One enrolled face per resident below: G = gallery.size; balanced reads 1.0 at G = 1 (frames.ts).
  return new AccessDecider({ config: { agreement: { confirmMs: 300 }, liveness: { mode: 'off' }, ...config }, thresholds: THRESHOLDS, matcher: matcherOf(gallery), gallerySize: 1 })
}

/** Kian and Ana enrolled with one photo each, far apart (axes 0 and 1). */
function kianAndAna(): Gallery {
  const gallery = new Gallery()
  gallery.add('kian', vec({ 0: 1 }))
  gallery.add('ana', vec({ 1: 1 }))
  return gallery
}

const granted = (ds: AccessDecision[]) => ds.filter((d) => d.result === 'granted')

/**
 * Frames of Kian whose noise points each a different way: every frame is 1.03 from his photo (over
 * the 1.0 threshold), their mean lies much nearer (cos 0.68, distance 0.80).
 */
function noisyKian(gallery: Gallery, start: number, count = 3): AccessFrame[] {
  const cos = 1 - 1.03 ** 2 / 2
  const sin = Math.sqrt(1 - cos * cos)
  return Array.from({ length: count }, (_, i) => frame(gallery, start + i * STEP, vec({ 0: cos, [2 + i]: sin })))
}

describe('fusion of the probe over the track', () => {
  it('averages normalised embeddings, weighted by quality, to unit length', () => {
    const a = vec({ 0: 1 })
    const b = vec({ 1: 1 })
    const face = (e: Float32Array, quality?: number): AccessFrame => ({ at: 0, match: null, face: { cx: 0, cy: 0, size: 1, landmarks68: [], embedding: e }, ...(quality === undefined ? {} : { quality }) })
    const even = fuseEmbeddings([face(a), face(b)])!
    expect(even[0]).toBeCloseTo(Math.SQRT1_2, 6)
    expect(even[1]).toBeCloseTo(Math.SQRT1_2, 6)
    const weighted = fuseEmbeddings([face(a, 0.9), face(b, 0.3)])!
    expect(Math.hypot(...weighted)).toBeCloseTo(1, 6)
    expect(weighted[0] / weighted[1]).toBeCloseTo(3, 5)
    expect(fuseEmbeddings([{ at: 0, match: null }])).toBeNull()
  })

  it('lets a resident in on frames that each fall just over the threshold, but not without fusion', () => {
    const gallery = kianAndAna()
    const frames = noisyKian(gallery, 1000, 4)
    for (const f of frames) expect(f.match!.distance).toBeGreaterThan(1.0)
    const d = decider(gallery)
    const ds = frames.map((f) => d.observe(f))
    expect(granted(ds).map((g) => g.residentId)).toEqual(['kian'])
    // The grant reports the fused probe's distance, under the threshold.
    expect(granted(ds)[0]!.distance!).toBeLessThan(0.85)
    const perFrame = decider(gallery, { fuseTrack: false })
    expect(granted(frames.map((f) => perFrame.observe(f)))).toEqual([])
  })

  it('does not let a stranger in: correlated frames of one face fuse to that face', () => {
    const gallery = kianAndAna()
    // A stranger 1.1 from Kian, with small per-frame noise (a face standing at the door).
    const cos = 1 - 1.1 ** 2 / 2
    const frames = Array.from({ length: 12 }, (_, i) => frame(gallery, 1000 + i * STEP, vec({ 0: cos, 5: Math.sqrt(1 - cos * cos), [6 + (i % 4)]: 0.05 })))
    const d = decider(gallery)
    const ds = frames.map((f) => d.observe(f))
    expect(granted(ds)).toEqual([])
    expect(ds.some((x) => x.result === 'denied' && x.reason === 'not-recognised')).toBe(true)
  })

  it('keeps the margin rule on the fused probe: between two residents it is ambiguous', () => {
    const gallery = new Gallery()
    gallery.add('kian', vec({ 0: 1 }))
    gallery.add('ana', vec({ 0: 1, 1: 0.15 }))
    const frames = Array.from({ length: 8 }, (_, i) => frame(gallery, 1000 + i * STEP, vec({ 0: 1, 1: 0.02, [3 + (i % 3)]: 0.1 })))
    const d = decider(gallery)
    const ds = frames.map((f) => d.observe(f))
    expect(granted(ds)).toEqual([])
    expect(ds.some((x) => x.result === 'denied' && x.reason === 'ambiguous')).toBe(true)
  })

  it('weights frames by quality: a poor frame counts less', () => {
    const gallery = kianAndAna()
    // Two good frames of Kian and one blurred, turned frame nearer Ana: weighted, Kian is clear.
    const good = (at: number) => frame(gallery, at, vec({ 0: 1, 2: 0.3 }), 0.95)
    const poor = frame(gallery, 1100, vec({ 0: 0.2, 1: 1 }), 0.05)
    const frames = [good(1000), poor, good(1200), good(1300)]
    const d = decider(gallery)
    expect(granted(frames.map((f) => d.observe(f))).map((g) => g.residentId)).toEqual(['kian'])
  })

  it('verification: the claimed resident is tested on the fused probe, and Benoit claiming Kian is refused', () => {
    const gallery = new Gallery()
    gallery.add('kian', vec({ 0: 1 }))
    gallery.add('benoit', vec({ 1: 1 }))
    const d = decider(gallery, { mode: 'verification' })
    d.claim({ residentId: 'kian', at: 900, source: 'tap' })
    const benoit = Array.from({ length: 8 }, (_, i) => frame(gallery, 1000 + i * STEP, vec({ 1: 1, [3 + (i % 3)]: 0.1 })))
    const ds = benoit.map((f) => d.observe(f))
    expect(granted(ds)).toEqual([])
    expect(ds.some((x) => x.result === 'denied' && x.claimedId === 'kian')).toBe(true)
    d.claim({ residentId: 'kian', at: 5000, source: 'tap' })
    const kian = noisyKian(gallery, 5100, 4)
    expect(granted(kian.map((f) => d.observe(f))).map((g) => g.residentId)).toEqual(['kian'])
  })
})
