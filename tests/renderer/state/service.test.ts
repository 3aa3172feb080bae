import { readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { vi } from '../../../src/renderer/src/i18n/vi'
import { websocketApi } from '../../../src/renderer/src/lib/api'
import { I18n } from '../../../src/renderer/src/state/i18n.svelte'
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
    const status = await page.waitForEvent('status', () => true)
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
    // The transport gives a code, not English: the UI words it in the kiosk's language.
    expect(service.error).toMatchObject({ code: 'DISCONNECTED', details: { reason: 'lost' } })
    service.stop()
  })

  it('says, as a code, that main cannot be reached at all, and the UI words it in Vietnamese', async () => {
    // A port that was listening and is now closed: nothing answers there.
    const server = createServer()
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const { port } = server.address() as AddressInfo
    await new Promise((r) => server.close(r))
    const service = new ServiceState(websocketApi(`ws://127.0.0.1:${port}/ws`))
    await service.start()
    expect(service.connected).toBe(false)
    expect(service.settled).toBe(true)
    expect(service.error).toMatchObject({ code: 'DISCONNECTED', details: { reason: 'unreachable' } })
    const i18n = new I18n()
    i18n.setLanguage('vi')
    expect(i18n.error(service.error!)).toBe(vi['connection.unreachable'])
    service.stop()
  })

  it('stops dialling main once stopped', async () => {
    // A port that takes connections and drops them: every dial is counted, none becomes a WebSocket.
    let dials = 0
    const server = createServer((socket) => {
      dials++
      socket.destroy()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const { port } = server.address() as AddressInfo
    const service = new ServiceState(websocketApi(`ws://127.0.0.1:${port}/ws`))
    await service.start()
    await until(() => dials >= 2)
    service.stop()
    // Reconnection backs off from 250 ms: before the fix, this wait saw at least two more dials.
    await new Promise((r) => setTimeout(r, 1_500))
    const after = dials
    await new Promise((r) => setTimeout(r, 1_500))
    expect(dials).toBe(after)
    await new Promise((r) => server.close(r))
  })
})
