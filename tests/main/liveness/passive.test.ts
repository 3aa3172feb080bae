import { describe, expect, it } from 'vitest'
import { frameVerdict, hasContext, judgePassiveWindow, logit, passiveEvidence, sigmoid } from '../../../src/main/liveness/passive'
import type { AccessFrame } from '../../../src/main/access/types'
import { CALIBRATION, P_BETWEEN, P_LIVE, P_SPOOF, face, passive } from '../access/frames'

const op = CALIBRATION.passive
const reading = (liveness: number | null, livenessContext: number | null = 2.7, touchesBorder = false) => ({ liveness, livenessContext, touchesBorder })

/** Frames 125 ms apart (8 frames/s) with these p(live) values; context per frame optional. */
function frames(scores: (number | null)[], context = 2.7): AccessFrame[] {
  return scores.map((p, i) => face(i * 125, { nearest: 'kian', distance: 0.7, liveness: passive(p, context) }))
}

describe('log-odds', () => {
  it('is clamped so that one extreme frame cannot outvote a window', () => {
    expect(logit(0.5, 6)).toBeCloseTo(0)
    expect(logit(sigmoid(-2), 6)).toBeCloseTo(-2)
    expect(logit(0, 6)).toBe(-6)
    expect(logit(1, 6)).toBe(6)
  })
})

describe('context: a face without background is not evidence', () => {
  it('needs the liveness crop at least minContextScale times the face box, and the face inside the frame', () => {
    expect(hasContext({ livenessContext: 2.7, touchesBorder: false }, op)).toBe(true)
    expect(hasContext({ livenessContext: 1.2, touchesBorder: false }, op)).toBe(true)
    expect(hasContext({ livenessContext: 0.7, touchesBorder: false }, op)).toBe(false)
    expect(hasContext({ livenessContext: 2.7, touchesBorder: true }, op)).toBe(false)
    expect(hasContext({ livenessContext: null, touchesBorder: false }, op)).toBe(false)
  })

  it('a tight crop that the model calls live is unsure, never live', () => {
    expect(frameVerdict(reading(0.99, 0.65), op)).toBe('unsure')
    expect(passiveEvidence(reading(0.99, 0.65), op)).toMatchObject({ verdict: 'unsure', score: 0.99, hasContext: false, context: 0.65 })
  })
})

describe('one frame at the operating point', () => {
  it('is live at or above the pass cut, spoof below the fail cut, unsure between or without a score', () => {
    expect(frameVerdict(reading(sigmoid(op.passAtLogit)), op)).toBe('live')
    expect(frameVerdict(reading(P_BETWEEN), op)).toBe('unsure')
    expect(frameVerdict(reading(sigmoid(op.failBelowLogit - 0.01)), op)).toBe('spoof')
    expect(frameVerdict(reading(null, null), op)).toBe('unsure')
    expect(frameVerdict(reading(Number.NaN), op)).toBe('unsure')
  })
})

describe('the window decision', () => {
  it('waits for minFrames frames with context before deciding', () => {
    const few = frames([P_LIVE, P_LIVE, P_LIVE, P_LIVE, P_LIVE])
    expect(judgePassiveWindow(few, 500, op)).toMatchObject({ status: 'unsure', unsureBecause: 'collecting', framesUsed: 5 })
    const enough = frames([P_LIVE, P_LIVE, P_LIVE, P_LIVE, P_LIVE, P_LIVE])
    expect(judgePassiveWindow(enough, 625, op)).toMatchObject({ status: 'pass', framesUsed: 6 })
  })

  it('passes a dim live face whose frames are each uncertain, on the mean (not on each frame)', () => {
    // Per frame: two of six frames would be "spoof" alone; the mean log-odds is live.
    const dim = frames([0.2, 0.01, 0.3, 0.02, 0.25, 0.15])
    const judged = judgePassiveWindow(dim, 625, op)
    expect(dim.filter((f) => f.liveness?.verdict === 'spoof')).toHaveLength(2)
    expect(judged.status).toBe('pass')
    expect(judged.meanLogit).toBeGreaterThan(op.passAtLogit)
  })

  it('fails a replay even with a lucky frame, and is unsure between the cut-offs', () => {
    const replay = frames([P_SPOOF, P_SPOOF, 0.6, P_SPOOF, P_SPOOF, P_SPOOF])
    expect(judgePassiveWindow(replay, 625, op)).toMatchObject({ status: 'fail' })
    const between = frames(Array(6).fill(P_BETWEEN))
    expect(judgePassiveWindow(between, 625, op)).toMatchObject({ status: 'unsure', unsureBecause: 'between-cuts' })
  })

  it('only counts the last windowMs', () => {
    const all = frames([...Array(6).fill(P_SPOOF), ...Array(6).fill(P_LIVE)])
    expect(judgePassiveWindow(all.slice(0, 6), 625, op).status).toBe('fail')
    // The live frames come a whole window later: the spoof frames no longer count.
    const later = all.map((f, i) => (i >= 6 ? { ...f, at: f.at + op.windowMs } : f))
    expect(judgePassiveWindow(later, later.at(-1)!.at, op)).toMatchObject({ status: 'pass', framesUsed: 6 })
  })

  it('tight crops never fail open: frames keep coming without context -> unsure "no-context", whatever the model says', () => {
    const crops = frames(Array(10).fill(0.999), 0.6)
    expect(judgePassiveWindow(crops, 9 * 125, op)).toMatchObject({ status: 'unsure', unsureBecause: 'no-context', framesUsed: 0, framesWithoutContext: 10 })
  })

  it('reports the mean p(live) and how it was decided', () => {
    const judged = judgePassiveWindow(frames(Array(6).fill(0.5)), 625, op)
    expect(judged.meanScore).toBeCloseTo(0.5)
    expect(judged.detail).toBe('passive: mean log-odds 0 over 6 frames (live at >= -2.75, spoof below -3.25)')
  })
})
