import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../../../src/main/store'
import { samplePhoto, solidJpeg, tempDataDir } from '../../support/store-fixtures'

const MODEL = 'model-a'
let thumb: Uint8Array
let dir: string
let cleanup: () => Promise<void>

beforeAll(async () => {
  thumb = await solidJpeg()
})
beforeEach(async () => {
  ;({ dir, cleanup } = await tempDataDir())
})
afterEach(async () => {
  await cleanup()
})

/** Enrolls Kian, closes, reopens (which refreshes the backup), closes. */
async function storeWithKianBackedUp(): Promise<void> {
  const first = await openStore(dir, { activeModelId: MODEL })
  expect(first.notices.map((n) => n.kind)).toEqual(['created'])
  await first.residents.create({ name: 'Kian', photos: [samplePhoto(MODEL, thumb)] })
  await first.close()
  const second = await openStore(dir, { activeModelId: MODEL })
  expect(second.notices).toEqual([])
  await second.close()
}

async function corruptFiles(): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.startsWith('happy-house.corrupt-'))
}

describe('opening a damaged database', () => {
  it('moves garbage aside, restores the last good backup and says so', async () => {
    await storeWithKianBackedUp()
    await writeFile(join(dir, 'happy-house.json'), '\u0000\u0001garbage{"residents":')

    const store = await openStore(dir, { activeModelId: MODEL })
    expect(store.residents.list().map((r) => r.name)).toEqual(['Kian'])
    expect(store.notices).toHaveLength(1)
    const [notice] = store.notices
    expect(notice.kind).toBe('restored-from-backup')
    expect(notice.severity).toBe('warning')
    expect(notice.message).toMatch(/damaged \(not valid JSON/)
    expect(notice.message).toMatch(/backup was restored/)
    const moved = await corruptFiles()
    expect(moved).toHaveLength(1)
    expect(moved[0]).toMatch(/^happy-house\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z\.json$/)
    expect(notice.movedTo).toBe(join(dir, moved[0]))
    // Nothing silently lost: the damaged bytes are kept as they were.
    expect(await readFile(join(dir, moved[0]), 'utf-8')).toBe('\u0000\u0001garbage{"residents":')
    await store.close()
  })

  it('treats valid JSON that fails the schema as damaged', async () => {
    await storeWithKianBackedUp()
    const db = JSON.parse(await readFile(join(dir, 'happy-house.json'), 'utf-8'))
    db.residents[0].photos[0].embedding = [0.1, 0.2]
    await writeFile(join(dir, 'happy-house.json'), JSON.stringify(db))

    const store = await openStore(dir, { activeModelId: MODEL })
    expect(store.notices[0].kind).toBe('restored-from-backup')
    expect(store.notices[0].reason).toMatch(/schema validation failed: residents\.0\.photos\.0\.embedding/)
    expect(store.residents.list()).toHaveLength(1)
    await store.close()
  })

  it('starts empty with an error notice when the backup is damaged too', async () => {
    await storeWithKianBackedUp()
    await writeFile(join(dir, 'happy-house.json'), 'garbage')
    await writeFile(join(dir, 'happy-house.json.bak'), '{"version": 1}')

    const store = await openStore(dir, { activeModelId: MODEL })
    expect(store.residents.list()).toEqual([])
    expect(store.notices[0]).toMatchObject({ kind: 'started-empty', severity: 'error' })
    expect(store.notices[0].message).toMatch(/backup was damaged too.*empty database/)
    expect(await corruptFiles()).toHaveLength(2)
    await store.close()
  })

  it('starts empty and says so when there is no backup', async () => {
    await writeFile(join(dir, 'happy-house.json'), '[1,2,3]')
    const store = await openStore(dir, { activeModelId: MODEL })
    expect(store.notices[0]).toMatchObject({ kind: 'started-empty', severity: 'error' })
    expect(store.notices[0].message).toMatch(/There was no backup/)
    await store.close()
  })

  it('restores from the backup when the database file is missing', async () => {
    await storeWithKianBackedUp()
    const { rm } = await import('node:fs/promises')
    await rm(join(dir, 'happy-house.json'))
    const store = await openStore(dir, { activeModelId: MODEL })
    expect(store.notices[0].kind).toBe('restored-missing-file')
    expect(store.residents.list()).toHaveLength(1)
    await store.close()
  })

  it('refuses, without touching it, a database from a newer version', async () => {
    await storeWithKianBackedUp()
    const path = join(dir, 'happy-house.json')
    const db = JSON.parse(await readFile(path, 'utf-8'))
    db.version = 99
    const text = JSON.stringify(db)
    await writeFile(path, text)
    await expect(openStore(dir, { activeModelId: MODEL })).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      message: expect.stringMatching(/newer Happy House.*left untouched/)
    })
    expect(await readFile(path, 'utf-8')).toBe(text)
    expect(await corruptFiles()).toEqual([])
    // The failed open released the data directory.
    await writeFile(path, JSON.stringify({ ...db, version: 1 }))
    const store = await openStore(dir, { activeModelId: MODEL })
    await store.close()
  })

  it('fills settings added since the file was written with their defaults', async () => {
    await storeWithKianBackedUp()
    const path = join(dir, 'happy-house.json')
    const db = JSON.parse(await readFile(path, 'utf-8'))
    delete db.settings.snapshotRetention
    delete db.settings.language
    await writeFile(path, JSON.stringify(db))
    const store = await openStore(dir, { activeModelId: MODEL })
    expect(store.notices).toEqual([])
    expect(store.settings.get().snapshotRetention.days).toBe(30)
    expect(store.settings.get().language).toBe('en')
    await store.close()
  })
})

describe('opening with a codec that lacks the key', () => {
  it('leaves the database untouched instead of treating it as damaged', async () => {
    const { BiometricKeyError, plainCodec } = await import('../../../src/main/store')
    await storeWithKianBackedUp()
    const path = join(dir, 'happy-house.json')
    const before = await readFile(path, 'utf-8')
    const wrongKey = {
      ...plainCodec,
      decodeEmbedding: () => {
        throw new BiometricKeyError('The biometric key does not open this database: restore the key file')
      }
    }
    await expect(openStore(dir, { activeModelId: MODEL, codec: wrongKey })).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      message: expect.stringMatching(/restore the key file.*left untouched/)
    })
    expect(await readFile(path, 'utf-8')).toBe(before)
    expect(await corruptFiles()).toEqual([])
  })
})
