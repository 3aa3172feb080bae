/**
 * Cost of the access decision per camera frame and of a simulated door cycle.
 * Run: npm run bench:access
 */
import { AccessDecider } from '../src/main/access/decider'
import type { AccessFrame } from '../src/main/access/types'
import { DoorController } from '../src/main/door/controller'

const FRAMES = 200_000
const FRAME_STEP_MS = 100
const DOOR_CYCLES = 2000
const THRESHOLDS = { accuracy: 1.2, far: { '1e-2': 1.1, '1e-3': 1.0, '1e-4': 0.9, '1e-5': 0.8 } }

/** A mix: a resident, a stranger, a look-alike, no face. */
function frameAt(i: number): AccessFrame {
  const at = i * FRAME_STEP_MS
  switch (i % 40 < 10 ? 0 : i % 40 < 20 ? 1 : i % 40 < 38 ? 2 : 3) {
    case 0:
      return { at, match: { residentId: 'kian', nearestId: 'kian', distance: 0.7, secondId: 'ana', secondDistance: 1.2, margin: 0.5 } }
    case 1:
      return { at, match: { residentId: null, nearestId: 'ana', distance: 1.4, secondId: 'kian', secondDistance: 1.5, margin: 0.1 } }
    case 2:
      return { at, match: { residentId: 'ben', nearestId: 'ben', distance: 0.8, secondId: 'kian', secondDistance: 0.85, margin: 0.05 } }
    default:
      return { at, match: null }
  }
}

function benchDecider(windowFrames: number): void {
  const decider = new AccessDecider({
    // Identity only: these frames carry no liveness evidence (the liveness cost is in bench:liveness).
    config: { cooldownMs: 0, liveness: { mode: 'off' }, agreement: { framesRequired: Math.ceil(windowFrames / 2), windowFrames, windowMs: 60_000 } },
    thresholds: THRESHOLDS
  })
  const frames = Array.from({ length: FRAMES }, (_, i) => frameAt(i))
  const counts: Record<string, number> = {}
  const started = process.hrtime.bigint()
  for (const frame of frames) {
    const d = decider.observe(frame)
    if (d.final) counts[d.result] = (counts[d.result] ?? 0) + 1
  }
  const ns = Number(process.hrtime.bigint() - started)
  console.log(
    `decider N=${windowFrames}: ${FRAMES} frames in ${(ns / 1e6).toFixed(0)} ms = ${(ns / FRAMES / 1000).toFixed(2)} µs/frame; final decisions ${JSON.stringify(counts)}`
  )
}

async function benchDoor(): Promise<void> {
  const door = DoorController.fromConfig({ relockMs: 100 })
  const started = process.hrtime.bigint()
  for (let i = 0; i < DOOR_CYCLES; i++) {
    await door.open({ kind: 'access', residentId: 'kian' })
    await door.relockNow()
  }
  const ns = Number(process.hrtime.bigint() - started)
  console.log(`door (simulated): ${DOOR_CYCLES} open+relock cycles, ${(ns / DOOR_CYCLES / 1000).toFixed(1)} µs/cycle`)
  await door.dispose()
}

for (const n of [5, 15, 30]) benchDecider(n)
await benchDoor()
console.log(`memory: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`)
