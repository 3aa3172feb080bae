import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AccessEventDto } from '../../src/shared/ipc/schemas/log'
import type { LivenessMode } from '../../src/shared/settings'
import { clipFrames, framedCrop, openClipDoor, type ClipDoor, type ClipFrame } from '../support/clip-door'
import { FACES_DIR, facesAvailable, reportMissingFaces } from '../support/faces'
import { ffmpegAvailable, reportMissingFfmpeg } from '../support/video'

reportMissingFaces('liveness over the whole app')
reportMissingFfmpeg('liveness over the whole app')

const APFOL = join(FACES_DIR, 'spoof-dev/apfol_liveness_opencv')
/** Issue 7: the genuine clip opens the door within 3 s. */
const OPEN_WITHIN_S = 3
/** The replay is checked over its whole length at 5 frames/s (the rate of the measurements), in every mode but off. */
const REPLAY_FPS = 5
const GUARDED_MODES: LivenessMode[] = ['passive', 'challenge-if-unsure', 'always-challenge']
/** Whole clips through the engine: 35 s on a fast idle CPU, several times that on a loaded slow one. */
const CLIP_TIMEOUT_MS = 900_000

/**
 * The webm pair of spoof-dev as the kiosk camera of the whole main process (real models, store,
 * decider, door), the person enrolled from four of the set's live crops. Slow-ish (about 300 frames
 * through the engine); the full matrix with every mode and challenge draws is `npm run bench:liveness`.
 */
describe.skipIf(!facesAvailable || !ffmpegAvailable)('liveness over the whole app: the webm clips as the camera', () => {
  let door: ClipDoor
  let live: ClipFrame[]
  let replay: ClipFrame[]

  beforeAll(async () => {
    const photos = await Promise.all(['10.png', '50.png', '150.png', '200.png'].map((f) => framedCrop(join(APFOL, 'live', f))))
    door = await openClipDoor(photos, { random: () => 0.5 })
    live = await clipFrames(join(APFOL, 'live/real2.webm'), 8, OPEN_WITHIN_S)
    replay = await clipFrames(join(APFOL, 'spoof/fake2.webm'), REPLAY_FPS)
  })
  afterAll(() => door?.dispose())

  async function latestLog(result: 'granted' | 'denied'): Promise<AccessEventDto> {
    // Up to 10 s: the entry is written once the door has answered, later on a loaded machine.
    for (let i = 0; i < 500; i++) {
      const [entry] = (await door.call<{ events: AccessEventDto[] }>('queryLog', { token: door.token, result, limit: 1 })).events
      if (entry) return entry
      await new Promise((r) => setTimeout(r, 20))
    }
    throw new Error(`no ${result} entry in the access log`)
  }

  it('the genuine clip opens the door within 3 s (default mode: challenge when unsure), and the log keeps the evidence', async () => {
    const run = await door.play(live, 'challenge-if-unsure')
    expect(run.firstGrantS).not.toBeNull()
    expect(run.firstGrantS!).toBeLessThanOrEqual(OPEN_WITHIN_S)
    expect(run.doorOpened).toBe(true)
    const entry = await latestLog('granted')
    expect(entry.liveness).toMatchObject({ status: 'pass', mode: 'challenge-if-unsure', detail: expect.stringMatching(/^passive: mean log-odds/) })
    expect(entry.residentId).toBe(door.residentId)
  }, CLIP_TIMEOUT_MS)

  it('the replay on a phone never opens the door over the whole clip, in every mode but off', async () => {
    for (const mode of GUARDED_MODES) {
      const run = await door.play(replay, mode)
      expect(run.grants, mode).toBe(0)
      expect(run.doorOpened, mode).toBe(false)
      expect(Object.keys(run.refusals), mode).toEqual(['liveness-failed'])
      expect(run.firstFinalLiveness, mode).toMatchObject({ status: 'fail', mode })
    }
    const entry = await latestLog('denied')
    expect(entry).toMatchObject({ reason: 'liveness-failed', liveness: { status: 'fail', mode: 'always-challenge', detail: expect.stringMatching(/^passive: mean log-odds -/) } })
    expect(entry.message).toMatch(/does not look like a live face/)
  }, CLIP_TIMEOUT_MS)
})
