import { describe, expect, it } from 'vitest'
import { fractionLivenessPolicy, passiveWindowPolicy } from '../../../src/main/liveness/policy'
import type { AccessFrame, LivenessEvidence } from '../../../src/main/access/types'
import { CALIBRATION, P_LIVE, P_SPOOF, face, passive } from '../access/frames'

const LIVE: LivenessEvidence = { verdict: 'live', score: 0.9, source: 'passive' }
const SPOOF: LivenessEvidence = { verdict: 'spoof', score: 0.05, source: 'passive' }
const UNSURE: LivenessEvidence = { verdict: 'unsure', score: 0.4, source: 'passive' }

function judge(minLiveFraction: number, evidence: (LivenessEvidence | undefined)[]) {
  const frames = evidence.map((liveness, i) => face(i * 100, { nearest: 'kian', distance: 0.6, liveness }))
  return fractionLivenessPolicy(minLiveFraction).judge({ agreeing: frames, window: frames, history: frames, at: 1000 })
}

describe('passiveWindowPolicy (the calibrated default)', () => {
  const policy = passiveWindowPolicy(CALIBRATION.passive)
  const history = (scores: number[]): AccessFrame[] => scores.map((p, i) => face(i * 125, { nearest: 'kian', distance: 0.7, liveness: passive(p) }))

  it('keeps the window of the operating point and judges the tracked face history, not only the agreeing frames', () => {
    expect(policy.historyMs).toBe(CALIBRATION.passive.windowMs)
    const frames = history(Array(8).fill(P_LIVE))
    const judged = policy.judge({ agreeing: frames.slice(-3), window: frames.slice(-5), history: frames, at: 7 * 125 })
    expect(judged).toMatchObject({ status: 'pass' })
    expect(judged.detail).toContain('over 8 frames')
    expect(judged.score).toBeCloseTo(P_LIVE)
  })

  it('says why it is unsure', () => {
    const few = history([P_LIVE, P_LIVE])
    expect(policy.judge({ agreeing: few, window: few, history: few, at: 125 })).toMatchObject({ status: 'unsure', unsureBecause: 'collecting' })
    const replay = history(Array(6).fill(P_SPOOF))
    expect(policy.judge({ agreeing: replay, window: replay, history: replay, at: 625 }).status).toBe('fail')
  })
})

describe('fractionLivenessPolicy (fallback without calibration, per-frame evidence)', () => {
  it('needs every frame live at fraction 1; one spoof fails, one unsure waits', () => {
    expect(judge(1, [LIVE, LIVE, LIVE]).status).toBe('pass')
    expect(judge(1, [LIVE, SPOOF, LIVE]).status).toBe('fail')
    expect(judge(1, [LIVE, UNSURE, LIVE]).status).toBe('unsure')
    expect(judge(1, [LIVE, undefined, LIVE]).status).toBe('unsure')
  })

  it('tolerates some frames at a lower fraction', () => {
    expect(judge(0.6, [LIVE, SPOOF, LIVE, UNSURE, LIVE]).status).toBe('pass')
    expect(judge(0.6, [LIVE, SPOOF, UNSURE, UNSURE, LIVE]).status).toBe('unsure')
    expect(judge(0.6, [LIVE, SPOOF, SPOOF, SPOOF, LIVE]).status).toBe('fail')
  })

  it('reports the mean score and the counts', () => {
    const j = judge(1, [LIVE, SPOOF])
    expect(j.score).toBeCloseTo((0.9 + 0.05) / 2)
    expect(j.detail).toBe('1 live, 1 spoof, 0 unsure of 2 frames')
    expect(judge(1, []).status).toBe('fail')
  })
})
