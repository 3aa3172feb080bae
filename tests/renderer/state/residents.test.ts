import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AdminSession } from '../../../src/renderer/src/state/admin.svelte'
import { ResidentsState } from '../../../src/renderer/src/state/residents.svelte'
import { facesAvailable, happyHouse, reportMissingFaces } from '../../support/faces'
import { connectApi } from '../../support/ws-api'
import { startRendererHarness, type RendererHarness } from '../support/renderer-api'

reportMissingFaces('residents state')

/** The residents list and one resident's page, against the real app (issue 14 item 11: leaving the page). */
describe.skipIf(!facesAvailable)('ResidentsState', () => {
  let h: RendererHarness
  let admin: AdminSession

  beforeAll(async () => {
    h = await startRendererHarness()
    await h.engineReady()
    const setup = await connectApi(h.host.origin, h.host.launchUrl())
    const { token } = await setup.ok('setupPin', { pin: '246813' })
    for (const name of ['kian', 'benoit']) {
      const photo = new Uint8Array(await readFile(join(happyHouse.residentsDir, `${name}.jpg`)))
      await setup.ok('enrollResident', { token, name: name[0]!.toUpperCase() + name.slice(1), photos: [photo], source: 'file' })
    }
    setup.close()
    admin = new AdminSession(h.api)
    await admin.open()
    await admin.unlock('246813')
    expect(admin.phase).toBe('open')
  })

  afterAll(async () => {
    await admin?.close()
    await h?.dispose()
  })

  it('lists the residents by name, opens one, and leaving the page is not undone by a late answer', async () => {
    const residents = new ResidentsState(admin)
    await residents.load()
    expect(residents.list.map((r) => r.name)).toEqual(['Benoit', 'Kian'])
    const kian = residents.list[1]!
    await residents.openDetail(kian.id)
    expect(residents.detail?.name).toBe('Kian')
    expect(residents.detail?.photos).toHaveLength(1)
    residents.closeDetail()
    expect(residents.detail).toBeNull()

    // The sidebar's "Residents" while the page is still loading: the answer arrives after, and is ignored.
    const opening = residents.openDetail(kian.id)
    residents.closeDetail()
    await opening
    expect(residents.detail).toBeNull()
    expect(residents.detailLoading).toBe(false)
    residents.dispose()
  })
})
