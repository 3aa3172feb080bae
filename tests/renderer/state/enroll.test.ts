import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AdminSession } from '../../../src/renderer/src/state/admin.svelte'
import { EnrollState } from '../../../src/renderer/src/state/enroll.svelte'
import { facesAvailable, reportMissingFaces } from '../../support/faces'
import { noFace, residentPhoto } from '../../support/face-images'
import { startRendererHarness, type RendererHarness } from '../support/renderer-api'

reportMissingFaces('enrollment state: fix and retry')

const file = (bytes: Uint8Array, name: string): File => new File([bytes as Uint8Array<ArrayBuffer>], name, { type: 'image/jpeg' })

/** Issue 14 item 6: a failed enrollment keeps the name and photos, says what conflicts, and retries. */
describe.skipIf(!facesAvailable)('EnrollState', () => {
  let h: RendererHarness
  let admin: AdminSession
  let changes = 0

  beforeAll(async () => {
    h = await startRendererHarness()
    await h.engineReady()
    admin = new AdminSession(h.api)
    await admin.open()
    admin.chooseFirstPin('246813')
    await admin.confirmFirstPin('246813')
    expect(admin.phase).toBe('open')
  })

  afterAll(async () => {
    await admin?.close()
    await h?.dispose()
  })

  const newEnroll = (): EnrollState => new EnrollState(admin, () => changes++)

  it('keeps the name and photos after a photo without a face, and enrolls once it is replaced', async () => {
    const enroll = newEnroll()
    enroll.name = 'Kian'
    enroll.addFiles([file(await noFace(), 'wall.jpg')])
    await enroll.submit('file')
    expect(enroll.failed).toBe(true)
    expect(enroll.rejected.map((i) => i.rejection?.reason)).toEqual(['no-face'])

    enroll.retry()
    expect(enroll.phase).toBe('editing')
    expect(enroll.name).toBe('Kian')
    expect(enroll.items.map((i) => i.label)).toEqual(['wall.jpg'])
    enroll.removeItem(enroll.items[0]!.id)
    enroll.addFiles([file(await residentPhoto('kian'), 'kian.jpg')])
    await enroll.submit('file')
    expect(enroll.failed).toBe(false)
    expect(enroll.enrolled?.name).toBe('Kian')
  })

  it('says whose name it is on a name conflict, and adds the photos to them on request', async () => {
    const before = changes
    const enroll = newEnroll()
    enroll.name = 'kian'
    enroll.addFiles([file(await residentPhoto('kian'), 'kian-2.jpg')])
    await enroll.submit('file')
    expect(enroll.failed).toBe(true)
    expect(enroll.conflict).toMatchObject({ kind: 'name', name: 'Kian' })
    expect(enroll.items).toHaveLength(1)

    enroll.retry()
    expect(enroll.nameTaken).toBe('Kian')
    enroll.name = 'Kian B'
    expect(enroll.nameTaken).toBeNull()
    enroll.name = 'kian'
    await enroll.submit('file')
    await enroll.addToConflicting('file')
    expect(enroll.failed).toBe(false)
    expect(enroll.target?.name).toBe('Kian')
    expect(enroll.accepted).toBe(1)
    expect(changes).toBeGreaterThan(before)
    const list = await admin.call('listResidents', {})
    expect(list.ok && list.value.map((r) => [r.name, r.photoCount])).toEqual([['Kian', 2]])
  })
})
