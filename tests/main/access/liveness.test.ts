import { describe, expect, it } from 'vitest'
import { evidenceFromScore, fractionLivenessPolicy } from '../../../src/main/access/liveness'
import { LIVE, SPOOF, UNSURE, face } from './frames'
import type { LivenessEvidence } from '../../../src/main/access/types'

function judge(minLiveFraction: number, evidence: (LivenessEvidence | undefined)[]) {
  const frames = evidence.map((liveness, i) => face(i * 100, { nearest: 'kian', distance: 0.6, liveness }))
  return fractionLivenessPolicy(minLiveFraction).judge({ agreeing: frames, window: frames, at: 1000 })
}

describe('fractionLivenessPolicy (the default, per-frame evidence)', () => {
  it('needs every frame live at fraction 1; one spoof fails, one unsure waits', () => {
    expect(judge(1, [LIVE, LIVE, LIVE]).status).toBe('pass')
    expect(judge(1, [LIVE, SPOOF, LIVE]).status).toBe('fail')
    expect(judge(1, [LIVE, UNSURE, LIVE]).status).toBe('unsure')
    expect(judge(1, [LIVE, undefined, LIVE]).status).toBe('unsure')
  })

  it('tolerates some frames at a lower fraction', () => {
    expect(judge(0.6, [LIVE, SPOOF, LIVE, UNSURE, LIVE]).status).toBe('pass')
    expect(judge(0.6, [LIVE, SPOOF, UNSURE, UNSURE, LIVE]).status).toBe('unsure')
    expect(judge(0.6, [LIVE, SPOOF, SPOOF, UNSURE, LIVE]).status).toBe('unsure')
    expect(judge(0.6, [LIVE, SPOOF, SPOOF, SPOOF, LIVE]).status).toBe('fail')
  })

  it('reports the mean score and the counts', () => {
    const j = judge(1, [LIVE, SPOOF])
    expect(j.score).toBeCloseTo((0.9 + 0.05) / 2)
    expect(j.detail).toBe('1 live, 1 spoof, 0 unsure of 2 frames')
    expect(judge(1, []).status).toBe('fail')
  })
})

describe('evidenceFromScore (passive p(live) per frame)', () => {
  const cuts = { liveAtOrAbove: 0.5, spoofBelow: 0.1 }
  it('cuts the score into live, unsure and spoof', () => {
    expect(evidenceFromScore(0.5, cuts)).toEqual({ verdict: 'live', score: 0.5, source: 'passive' })
    expect(evidenceFromScore(0.49, cuts).verdict).toBe('unsure')
    expect(evidenceFromScore(0.1, cuts).verdict).toBe('unsure')
    expect(evidenceFromScore(0.09, cuts).verdict).toBe('spoof')
  })
  it('treats a missing score as unsure, never live', () => {
    expect(evidenceFromScore(null, cuts)).toEqual({ verdict: 'unsure', score: null, source: 'passive' })
    expect(evidenceFromScore(Number.NaN, cuts).verdict).toBe('unsure')
  })
})
