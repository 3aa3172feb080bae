import { describe, expect, it } from 'vitest'
import { FramePacer } from '../../../src/renderer/src/logic/frame-pacer'

const config = { minIntervalMs: 125, firstBackoffMs: 500, maxBackoffMs: 4_000 }

/** Drives the pacer like the loop: a tick every `tickMs`, main answering `latencyMs` after each send. */
function simulate(latencyMs: number, durationMs: number, tickMs = 10): { sent: number[]; maxInFlight: number } {
  const pacer = new FramePacer(config)
  const sent: number[] = []
  let answerAt: number | null = null
  let inFlight = 0
  let maxInFlight = 0
  for (let now = 0; now < durationMs; now += tickMs) {
    if (answerAt !== null && now >= answerAt) {
      pacer.succeed()
      inFlight--
      answerAt = null
    }
    if (pacer.ready(now)) {
      pacer.begin(now)
      sent.push(now)
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      answerAt = now + latencyMs
    }
  }
  return { sent, maxInFlight }
}

describe('FramePacer', () => {
  it('sends at most maxFps when main is fast, at a steady interval', () => {
    const { sent } = simulate(20, 10_000)
    expect(sent.length).toBeLessThanOrEqual(10_000 / 125 + 1)
    expect(sent.length).toBeGreaterThanOrEqual(10_000 / 130)
    const gaps = sent.slice(1).map((t, i) => t - sent[i]!)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(125)
  })

  it('never has two frames in flight, and follows main when it is slower than the camera', () => {
    const { sent, maxInFlight } = simulate(400, 10_000)
    expect(maxInFlight).toBe(1)
    // One frame per answer: nothing piles up.
    expect(sent.length).toBeLessThanOrEqual(10_000 / 400 + 1)
    expect(sent.length).toBeGreaterThanOrEqual(10_000 / 420)
  })

  it('counts the camera ticks it skipped while main was busy', () => {
    const pacer = new FramePacer(config)
    pacer.begin(0)
    expect(pacer.ready(10)).toBe(false)
    expect(pacer.ready(20)).toBe(false)
    expect(pacer.stats.skippedBusy).toBe(2)
  })

  it('backs off exponentially after failures, up to the maximum, and recovers after a success', () => {
    const pacer = new FramePacer(config)
    const waits: number[] = []
    let now = 0
    for (let i = 0; i < 6; i++) {
      pacer.begin(now)
      pacer.fail(now)
      let next = now
      while (!pacer.ready(next)) next += 10
      waits.push(next - now)
      now = next
    }
    expect(waits).toEqual([500, 1000, 2000, 4000, 4000, 4000])
    pacer.begin(now)
    pacer.succeed()
    expect(pacer.ready(now + 125)).toBe(true)
  })

  it('reset forgets a frame whose answer will be ignored', () => {
    const pacer = new FramePacer(config)
    pacer.begin(0)
    pacer.reset()
    expect(pacer.busy).toBe(false)
    expect(pacer.ready(1)).toBe(true)
  })
})
