import { describe, expect, it } from 'vitest'
import { AccessDecider } from '../../../src/main/access/decider'
import type { AccessDecision } from '../../../src/main/access/types'
import { DoorController } from '../../../src/main/door/controller'
import { openForDecision } from '../../../src/main/door/gate'
import { THRESHOLDS, run } from '../access/frames'
import { ManualClock } from './manual-clock'

function wire(driver: unknown) {
  const door = DoorController.fromConfig({ driver }, new ManualClock())
  // 10 frames/s (feed): 0.3 s of agreement is K = 3 frames.
  const decider = new AccessDecider({ config: { cooldownMs: 10_000, agreement: { confirmMs: 300 }, liveness: { mode: 'off' } }, thresholds: THRESHOLDS })
  return { door, decider }
}

async function feed(door: DoorController, decider: AccessDecider, start: number) {
  const results: { decision: AccessDecision; opened: boolean | null }[] = []
  for (const frame of run(start, 3, 100, { nearest: 'kian', distance: 0.7 })) {
    const decision = decider.observe(frame)
    const attempt = await openForDecision(door, decider, decision)
    results.push({ decision, opened: attempt === null ? null : attempt.ok })
  }
  return results
}

describe('openForDecision: access decisions driving the door', () => {
  it('opens once for a grant, nothing for pending frames', async () => {
    const { door, decider } = wire({ kind: 'simulated' })
    const results = await feed(door, decider, 0)
    expect(results.map((r) => r.opened)).toEqual([null, null, true])
    expect(door.getState()).toBe('open')
    // One grant per appearance: the same resident staying in view opens nothing more.
    const again = await feed(door, decider, 300)
    expect(again.map((r) => r.decision.reason)).toEqual(['already-granted', 'already-granted', 'already-granted'])
    expect(again.every((r) => r.opened === null)).toBe(true)
    await door.dispose()
  })

  it('when the door fails, reports it and lets the resident retry at once', async () => {
    const { door, decider } = wire({ kind: 'command', open: { program: 'false' } })
    const first = await feed(door, decider, 0)
    expect(first[2]).toMatchObject({ opened: false, decision: { result: 'granted' } })
    expect(door.getState()).toBe('failed')
    const retry = await feed(door, decider, 300)
    expect(retry[2].decision.result).toBe('granted')
    await door.dispose()
  })
})
