import { describe, expect, it } from 'vitest'
import { AccessDecider } from '../../../src/main/access/decider'
import type { AccessDecision, AccessFrame, FaceTrace } from '../../../src/main/access/types'
import { THRESHOLDS, face, noFace } from './frames'

/** Decisions defined by time and evidence, not by frame counts (default agreement settings). */
function decider(config: Record<string, unknown> = {}): AccessDecider {
  return new AccessDecider({ config: { liveness: { mode: 'off' }, ...config }, thresholds: THRESHOLDS })
}

const KIAN = { nearest: 'kian', distance: 0.7 }

function trace(cx: number, embedding: number[] = [1, 0, 0]): FaceTrace {
  return { cx, cy: 200, size: 150, landmarks68: [], embedding: Float32Array.from(embedding) }
}

/** Kian's frames every `stepMs` from `start`, standing still at x=300. */
function kianAt(fps: number, count: number, start = 0, extra: Partial<AccessFrame> = {}): AccessFrame[] {
  const step = 1000 / fps
  return Array.from({ length: count }, (_, i) => ({ ...face(Math.round(start + i * step), KIAN), face: trace(300), ...extra }))
}

function firstGrant(ds: AccessDecision[]): AccessDecision | undefined {
  return ds.find((d) => d.result === 'granted')
}

describe('agreement in time at the measured frame rate', () => {
  it.each([
    [15, 8],
    [8, 4],
    [5, 3],
    [2, 2],
    [1, 2]
  ])('at %i frames/s asks for %i agreeing frames and grants within a second or two', (fps, k) => {
    const d = decider()
    const ds = kianAt(fps, 20).map((f) => d.observe(f))
    const grant = firstGrant(ds)!
    expect(grant).toMatchObject({ residentId: 'kian', framesRequired: k, framesAgreeing: k })
    expect(grant.at).toBeLessThanOrEqual(Math.max(600, 1000 / fps + 100))
  })

  it('a face seen once every 1.5 s keeps its track (the old 1.5 s appearance gap ended it) and is granted', () => {
    const d = decider()
    const ds = kianAt(1 / 1.5, 4).map((f) => d.observe(f))
    expect(firstGrant(ds)?.at).toBe(1500)
    expect(ds.filter((x) => x.final)).toHaveLength(1)
  })

  it('a face far from the last one, or another person by embedding, starts a new appearance', () => {
    const moved = decider()
    const a = [...kianAt(1, 1), { ...face(1000, KIAN), face: trace(900) }].map((f) => moved.observe(f))
    expect(a.map((x) => x.result)).toEqual(['pending', 'pending'])
    const swapped = decider()
    const b = [...kianAt(1, 1), { ...face(1000, KIAN), face: trace(300, [0, 1, 0]) }].map((f) => swapped.observe(f))
    expect(b.map((x) => x.result)).toEqual(['pending', 'pending'])
    const same = decider()
    expect(kianAt(1, 2).map((f) => same.observe(f)).at(-1)?.result).toBe('granted')
  })

  it('denies a stranger within a few seconds even at 1 frame/s, once per appearance', () => {
    const d = decider()
    const ds = Array.from({ length: 8 }, (_, i) => d.observe({ ...face(i * 1000, { nearest: 'ana', distance: 1.4 }), face: trace(300) }))
    const finals = ds.filter((x) => x.final)
    expect(finals).toHaveLength(1)
    expect(finals[0]).toMatchObject({ result: 'denied', reason: 'not-recognised' })
    expect(finals[0]!.at).toBeLessThanOrEqual(5000)
  })
})

describe('one at a time', () => {
  it('two faces in view: no grant, one logged refusal, then the resident alone is granted', () => {
    const d = decider()
    const crowd = kianAt(8, 12, 0, { othersInView: 1 }).map((f) => d.observe(f))
    expect(crowd.some((x) => x.result === 'granted')).toBe(false)
    expect(crowd.filter((x) => x.final)).toEqual([expect.objectContaining({ result: 'denied', reason: 'several-faces' })])
    const alone = kianAt(8, 6, 1500).map((f) => d.observe(f))
    expect(firstGrant(alone)?.residentId).toBe('kian')
  })

  it('a setting may allow several faces', () => {
    const d = decider({ allowSeveralFaces: true })
    expect(firstGrant(kianAt(8, 6, 0, { othersInView: 2 }).map((f) => d.observe(f)))?.residentId).toBe('kian')
  })
})

describe('evidence is forgotten when residents change', () => {
  it('a resident deleted while in view is never granted on the frames matched before', () => {
    const d = decider({ agreement: { confirmMs: 1000 } })
    kianAt(5, 3).map((f) => d.observe(f))
    d.reset() // what the app does when a resident is deleted or renamed
    // The next frame no longer matches Kian (deleted): nothing old may complete the agreement.
    const next = d.observe({ ...face(600, { nearest: 'ana', distance: 1.4 }), face: trace(300) })
    expect(next.result).not.toBe('granted')
    expect(next.framesConsidered).toBe(1)
  })
})

describe('a face that leaves and comes back', () => {
  it('after a no-face frame, a new appearance is collected from scratch', () => {
    const d = decider()
    const ds = [...kianAt(8, 2), noFace(300), ...kianAt(8, 1, 400)].map((f) => d.observe(f))
    expect(ds.at(-1)).toMatchObject({ result: 'pending', framesConsidered: 1 })
  })
})

describe('verification at a slow frame rate', () => {
  it('a genuine claim is confirmed within a few seconds at 1 frame/s, long before the claim expires', () => {
    const d = decider({ mode: 'verification' })
    d.claim({ residentId: 'kian', at: 0, source: 'tap' })
    const ds = kianAt(1, 6, 500).map((f) => d.observe(f))
    const grant = firstGrant(ds)
    expect(grant).toMatchObject({ reason: 'verified', residentId: 'kian' })
    expect(grant!.at).toBeLessThanOrEqual(2500)
  })
})
