import { describe, expect, it } from 'vitest'
import { fractionLivenessPolicy } from '../../../src/main/access/liveness'
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
