import { readFile } from 'node:fs/promises'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../../../src/main/store'
import { randomUnitVector, samplePhoto, solidJpeg, tempDataDir } from '../../support/store-fixtures'

const MODEL = 'model-a'
let thumb: Uint8Array
let dir: string
let cleanup: () => Promise<void>
let store: Store

beforeAll(async () => {
  thumb = await solidJpeg()
})
beforeEach(async () => {
  ;({ dir, cleanup } = await tempDataDir())
  store = await openStore(dir, { activeModelId: MODEL })
})
afterEach(async () => {
  await store.close()
  await cleanup()
})

describe('residents repository', () => {
  it('round-trips residents, photos, embeddings and thumbnails through the file', async () => {
    const e1 = randomUnitVector()
    const e2 = randomUnitVector()
    const kian = await store.residents.create({ name: ' Kian ', photos: [samplePhoto(MODEL, thumb, e1)] })
    const photo2 = await store.residents.addPhoto(kian.id, samplePhoto(MODEL, thumb, e2))
    await store.close()

    store = await openStore(dir, { activeModelId: MODEL })
    const [reloaded] = store.residents.list()
    expect(reloaded.name).toBe('Kian')
    expect(reloaded.photos.map((p) => p.id)).toEqual([kian.photos[0].id, photo2.id])
    expect(reloaded.needsReenrollment).toBe(false)
    const gallery = store.galleryEntries()
    expect(gallery).toHaveLength(2)
    expect(Array.from(gallery[0].embedding)).toEqual(Array.from(e1))
    expect(Array.from(gallery[1].embedding)).toEqual(Array.from(e2))
    expect(Array.from(store.residents.thumbnail(kian.id, photo2.id))).toEqual(Array.from(thumb))
  })

  it('stores embeddings as base64 text, never as JSON number arrays', async () => {
    await store.residents.create({ name: 'Kian', photos: [samplePhoto(MODEL, thumb)] })
    const onDisk = JSON.parse(await readFile(store.dbPath, 'utf-8'))
    const photo = onDisk.residents[0].photos[0]
    expect(typeof photo.embedding).toBe('string')
    expect(Buffer.from(photo.embedding, 'base64').length).toBe(512 * 4)
    expect(onDisk.version).toBe(1)
  })

  it('renames, removes a photo and refuses a duplicate name', async () => {
    const kian = await store.residents.create({ name: 'Kian', photos: [samplePhoto(MODEL, thumb), samplePhoto(MODEL, thumb)] })
    await store.residents.create({ name: 'Tian' })
    await expect(store.residents.create({ name: 'kian' })).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(store.residents.rename(kian.id, 'TIAN')).rejects.toMatchObject({ code: 'CONFLICT' })
    const renamed = await store.residents.rename(kian.id, 'Kian Mbappe')
    expect(renamed.name).toBe('Kian Mbappe')
    await store.residents.removePhoto(kian.id, kian.photos[0].id)
    expect(store.residents.get(kian.id).photos.map((p) => p.id)).toEqual([kian.photos[1].id])
    expect(store.residents.findByName('kian mbappe')?.id).toBe(kian.id)
    await expect(store.residents.removePhoto(kian.id, kian.photos[0].id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('rejects invalid names and photos with INVALID_PAYLOAD and writes nothing', async () => {
    const before = await readFile(store.dbPath, 'utf-8')
    await expect(store.residents.create({ name: 'a/b' })).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' })
    const nan = randomUnitVector()
    nan[3] = Number.NaN
    await expect(store.residents.create({ name: 'X', photos: [samplePhoto(MODEL, thumb, nan)] })).rejects.toMatchObject({
      code: 'INVALID_PAYLOAD'
    })
    await expect(store.residents.create({ name: 'X', photos: [samplePhoto('other-model', thumb)] })).rejects.toThrow(/active model/)
    await expect(store.residents.create({ name: 'X', photos: [samplePhoto(MODEL, new Uint8Array([1, 2, 3]))] })).rejects.toThrow(/JPEG/)
    expect(await readFile(store.dbPath, 'utf-8')).toBe(before)
    const kian = await store.residents.create({ name: 'Kian', photos: [samplePhoto(MODEL, thumb)] })
    await expect(store.residents.addPhoto(kian.id, samplePhoto(MODEL, thumb, randomUnitVector(128)))).rejects.toThrow(/128 values/)
    expect(store.residents.get(kian.id).photos).toHaveLength(1)
  })

  it('flags embeddings of another model for re-enrollment and leaves them out of the gallery', async () => {
    const kian = await store.residents.create({ name: 'Kian', photos: [samplePhoto(MODEL, thumb)] })
    await store.close()
    store = await openStore(dir, { activeModelId: 'model-b' })
    expect(store.notices.map((n) => n.kind)).toContain('needs-reenrollment')
    const [resident] = store.residents.list()
    expect(resident.needsReenrollment).toBe(true)
    expect(resident.photos[0].needsReenrollment).toBe(true)
    expect(store.galleryEntries()).toEqual([])
    await store.residents.addPhoto(kian.id, samplePhoto('model-b', thumb, randomUnitVector(128)))
    expect(store.residents.get(kian.id).needsReenrollment).toBe(false)
    expect(store.galleryEntries()).toHaveLength(1)
  })

  it('hard-deletes a resident: photos gone, past events anonymised', async () => {
    const kian = await store.residents.create({ name: 'Kian', photos: [samplePhoto(MODEL, thumb)] })
    const tian = await store.residents.create({ name: 'Tian', photos: [samplePhoto(MODEL, thumb)] })
    const base = { distance: 0.4, margin: 0.3, frames: null, liveness: { status: 'off', score: null }, doorOutcome: null } as const
    await store.events.append({ ...base, mode: 'identification', claimedResidentId: null, decidedResidentId: kian.id, result: 'granted' }, { snapshotJpeg: thumb })
    await store.events.append({ ...base, mode: 'verification', claimedResidentId: kian.id, decidedResidentId: tian.id, result: 'denied' })
    await store.residents.delete(kian.id)
    await store.close()

    store = await openStore(dir, { activeModelId: MODEL })
    expect(store.residents.list().map((r) => r.name)).toEqual(['Tian'])
    expect(store.galleryEntries().every((g) => g.residentId === tian.id)).toBe(true)
    const raw = await readFile(store.dbPath, 'utf-8')
    expect(raw).not.toContain(kian.id)
    expect(raw).not.toContain('Kian')
    const [denied, granted] = store.events.query()
    expect(granted).toMatchObject({ decidedResidentId: null, decidedResidentName: null, decidedDeleted: true, snapshot: null })
    expect(denied).toMatchObject({ claimedResidentId: null, claimedDeleted: true, decidedResidentName: 'Tian' })
    expect(await store.events.snapshot(granted.id)).toBeNull()
    expect(store.events.exportCsv()).toContain('deleted resident')
    await expect(store.residents.delete(kian.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
