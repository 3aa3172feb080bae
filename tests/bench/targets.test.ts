import { describe, expect, it } from 'vitest'
import { formatVerdicts, judgeSpeed } from '../../bench/lib/targets'

describe('judgeSpeed (issue 12 targets printed by bench:speed)', () => {
  it('judges each measured figure against its target, and leaves out what a run did not measure', () => {
    const verdicts = judgeSpeed({ perFaceCpuMs: 9.19, endToEndCpuMs: 19.7, peerFrameMs: 477.4, galleryCpuMs: { 1_000: 0.05, 10_000: 0.38, 100_000: 11.2 } })
    expect(verdicts.map((v) => v.met)).toEqual([false, true, true, true, false])
    expect(verdicts[2]!.figure).toBe('477.4 ms: 52x')
    expect(verdicts[1]!.figure).toBe('19.70 ms, 50.8 frames/s')
    expect(judgeSpeed({ perFaceCpuMs: 5.74, endToEndCpuMs: 10.3 }).map((v) => v.met)).toEqual([true, true])
  })

  it('counts a figure exactly at the limit as met, and a slower peer below 20x as not met', () => {
    const [perFace, e2e, peer] = judgeSpeed({ perFaceCpuMs: 8, endToEndCpuMs: 40, peerFrameMs: 159.9 })
    expect([perFace!.met, e2e!.met, peer!.met]).toEqual([true, true, false])
    expect(formatVerdicts([peer!])[0]).toMatch(/^ {2}NOT MET {2}face-api ≥ 20x slower/)
  })
})
