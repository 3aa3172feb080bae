import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ServiceState } from '../../../src/renderer/src/state/service.svelte'
import type { Verb } from '../../../src/shared/ipc/contract'
import { facesAvailable, happyHouse, reportMissingFaces } from '../../support/faces'
import { connectApi } from '../../support/ws-api'
import { startRendererHarness, until, type RendererHarness } from '../support/renderer-api'

reportMissingFaces('service state follows status events')

/**
 * Issue 12 item 4: the renderer learns main's status from events only, with no polling. The state
 * class runs against the real app over the real browser host, through the renderer's own WebSocket client.
 */
describe('ServiceState', () => {
  let h: RendererHarness
  const calls: Verb[] = []

  beforeAll(async () => {
    h = await startRendererHarness()
    // Counts every request the page sends, to show that nothing asks for the status again.
    const dispatch = h.app.registry.dispatch.bind(h.app.registry)
    h.app.registry.dispatch = (verb, payload, context) => {
      calls.push(verb as Verb)
      return dispatch(verb, payload, context)
    }
  })

  afterAll(async () => {
    await h?.dispose()
  })

  it('greets a new connection with the current status, before any request', async () => {
    const page = await connectApi(h.host.origin, h.host.launchUrl())
    const status = await page.waitForEvent('status', () => true, { timeoutMs: 5_000 })
    expect(status.app.name).toBe(h.app.status.get().app.name)
    page.close()
  })

  it.skipIf(!facesAvailable)('follows main through status events only, and notices the connection dropping', async () => {
    const service = new ServiceState(h.api)
    await service.start()
    expect(service.connected).toBe(true)
    expect(service.settled).toBe(true)
    expect(service.status?.residents).toBe(0)
    await h.engineReady()
    await until(() => service.status?.engine.state === 'ready')

    // A resident enrolled by another client: the count arrives as an event.
    const admin = await connectApi(h.host.origin, h.host.launchUrl())
    const { token } = await admin.ok('setupPin', { pin: '246813' })
    const photo = new Uint8Array(await readFile(join(happyHouse.residentsDir, 'younes.jpg')))
    await admin.ok('enrollResident', { token, name: 'younes', photos: [photo], source: 'file' })
    admin.close()
    await until(() => service.status?.residents === 1)
    expect(calls.filter((v) => v === 'getStatus' || v === 'ping')).toEqual(['getStatus'])

    await h.host.close()
    await until(() => !service.connected)
    expect(service.error).toMatch(/connection/i)
    service.stop()
  })
})
