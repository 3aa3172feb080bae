import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMainApp, type MainApp } from '../../src/main/app'
import type { CallContext } from '../../src/main/ipc/registry'
import type { Decision, FrameResult } from '../../src/shared/ipc/contract'
import { facesAvailable, happyHouse, reportMissingFaces } from '../support/faces'
import { doorFrameJpeg } from '../support/y4m'

reportMissingFaces('decision events')

const CONTEXT: CallContext = { transport: 'websocket', trustedSender: true, sender: 'app-events.test' }
const MAX_FRAMES = 30
const READY_POLL_MS = 100

/** What the kiosk screen shows of a decision. */
const shown = (d: Decision) => ({
  result: d.result,
  reason: d.reason,
  residentId: d.residentId,
  name: d.name,
  claimedResidentId: d.claimedResidentId,
  framesAgreeing: d.framesAgreeing,
  framesRequired: d.framesRequired,
  challenge: d.liveness?.challenge?.kind ?? null
})

/**
 * Issue 12 item 4: decisions travel as 'decision' events only. Every frame answer's decision must
 * already be what the last event said, so a renderer that listens to the events alone shows the same
 * verdicts and progress as one that reads the answers.
 */
describe.skipIf(!facesAvailable)('decision events carry every decision the kiosk shows', () => {
  let dataDir: string
  let app: MainApp
  const events: Decision[] = []
  let clock = Date.now()

  async function call<T>(verb: string, payload: unknown): Promise<T> {
    const r = await app.registry.dispatch(verb, payload, CONTEXT)
    if (!r.ok) throw new Error(`${verb}: ${r.code} ${r.message}`)
    return r.value as T
  }

  /** Frames of one scene until a final verdict; each answer is checked against the last event. */
  async function scene(image: string | null, frames = MAX_FRAMES): Promise<Decision['result']> {
    const frame = await doorFrameJpeg(image)
    let result: Decision['result'] = 'idle'
    for (let i = 0; i < frames; i++) {
      const answer = await call<FrameResult>('recognizeFrame', { frame, capturedAt: (clock += 100) })
      expect(shown(events.at(-1) ?? answer.decision)).toEqual(shown(answer.decision))
      result = answer.decision.result
      if (result === 'granted' || result === 'denied') break
    }
    return result
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'happy-house-events-'))
    app = await createMainApp({ transport: 'websocket', dataDir, now: () => clock })
    app.hub.subscribe((event, payload) => {
      if (event === 'decision') events.push(payload as Decision)
    })
    for (;;) {
      const { engine } = await call<{ engine: { state: string; message: string | null } }>('getStatus', {})
      if (engine.state === 'ready') break
      if (engine.state === 'error') throw new Error(`engine failed: ${engine.message}`)
      await new Promise((r) => setTimeout(r, READY_POLL_MS))
    }
    const { token } = await call<{ token: string }>('setupPin', { pin: '246813' })
    // Still photos as camera frames: liveness has its own whole-app test (app-liveness.test.ts).
    await call('updateSettings', { token, patch: { cooldownMs: 0, liveness: 'off' } })
    for (const name of ['younes', 'bertrand']) {
      const photo = new Uint8Array(await readFile(join(happyHouse.residentsDir, `${name}.jpg`)))
      await call('enrollResident', { token, name, photos: [photo], source: 'file' })
    }
  })

  afterAll(async () => {
    await app?.dispose()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  it('pushes the progress and the verdict of a resident, an empty doorway and a stranger', async () => {
    expect(await scene(happyHouse.camera(0))).toBe('granted')
    const progress = events.filter((e) => e.result === 'pending').map((e) => e.framesAgreeing)
    // The agreeing-frames count climbs through events, not only through the answers.
    expect(new Set(progress).size).toBeGreaterThan(1)
    await scene(null, 3)
    expect(await scene(happyHouse.camera(4))).toBe('denied')
  })
})
