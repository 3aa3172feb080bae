import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clock } from '../../../src/renderer/src/state/clock.svelte'
import { KioskState } from '../../../src/renderer/src/state/kiosk.svelte'
import { ServiceState } from '../../../src/renderer/src/state/service.svelte'
import { facesAvailable, happyHouse, reportMissingFaces } from '../../support/faces'
import { connectApi } from '../../support/ws-api'
import { doorFrameJpeg } from '../../support/y4m'
import { startRendererHarness, until, type RendererHarness } from '../support/renderer-api'

reportMissingFaces('kiosk state: a refused claim')

const MAX_FRAMES = 30

/**
 * Issue 14 item 10: Benoit claiming to be Kian gets a visible refusal that names Kian, the name list
 * waits while it shows, and no "Hold still" stands next to the name list afterwards. The kiosk state
 * follows the real app's decision events, as on the door screen.
 */
describe.skipIf(!facesAvailable)('KioskState in verification mode', () => {
  let h: RendererHarness
  let service: ServiceState
  let kiosk: KioskState
  let capturedAt = Date.now()

  beforeAll(async () => {
    h = await startRendererHarness()
    await h.engineReady()
    const admin = await connectApi(h.host.origin, h.host.launchUrl())
    const { token } = await admin.ok('setupPin', { pin: '246813' })
    // Still photos as camera frames: liveness has its own tests.
    await admin.ok('updateSettings', { token, patch: { mode: 'verification', liveness: 'off', cooldownMs: 0 } })
    for (const name of ['kian', 'benoit']) {
      const photo = new Uint8Array(await readFile(join(happyHouse.residentsDir, `${name}.jpg`)))
      await admin.ok('enrollResident', { token, name: name[0]!.toUpperCase() + name.slice(1), photos: [photo], source: 'file' })
    }
    admin.close()
    clock.start()
    service = new ServiceState(h.api)
    await service.start()
    kiosk = new KioskState(service, h.api)
    kiosk.start()
    await until(() => kiosk.config?.claimable.length === 2 && kiosk.mode === 'verification')
  })

  afterAll(async () => {
    kiosk?.stop()
    service?.stop()
    clock.stop()
    await h?.dispose()
  })

  /** Frames of one picture until the kiosk shows a verdict (it learns it from the decision event). */
  async function show(image: string): Promise<void> {
    const frame = await doorFrameJpeg(image)
    for (let i = 0; i < MAX_FRAMES && !kiosk.verdictShown; i++) {
      const r = await h.api.recognizeFrame({ frame, capturedAt: (capturedAt += 100) })
      if (r.ok) kiosk.onFrameResult(r.value)
    }
    await until(() => kiosk.verdictShown, 5_000)
  }

  it('shows the refusal of Benoit claiming Kian, naming Kian, before the name list returns', async () => {
    const kian = kiosk.config!.claimable.find((c) => c.name === 'Kian')!
    await kiosk.claimResident(kian.id)
    expect(kiosk.claim?.name).toBe('Kian')
    await show(happyHouse.camera(2))
    expect(kiosk.claim).toBeNull()
    expect(kiosk.banner).toMatchObject({ kind: 'denied', tone: 'danger', detail: { key: 'reason.claim-mismatch', params: { claimed: 'Kian' } } })
    // The name list waits while the refusal is read, then comes back with no stale instruction.
    await until(() => !kiosk.verdictShown, 10_000)
    expect(kiosk.banner.kind).toBe('locked')
    expect(kiosk.banner.detail).toBeNull()
  })
})
