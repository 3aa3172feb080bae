import { randomBytes } from 'node:crypto'
import { readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type AccessEventInput } from '../../../src/main/store'
import { createAesCodec } from '../../../src/main/store/aes-codec'
import type { BiometricCodec } from '../../../src/main/store/codec'
import { randomUnitVector, samplePhoto, solidJpeg, tempDataDir } from '../../support/store-fixtures'

/**
 * Issue 13 item 9: encrypted biometric values are bound to their record (AES-GCM additional data
 * holds the photo's id, the snapshot's name). Someone who can write the files but has no key can no
 * longer swap two residents' face data, or two snapshots, and have them read as valid.
 */

const MODEL = 'm'
const key = randomBytes(32)
const codec = createAesCodec(key)
/** What an older version wrote: the same codec, values bound to their kind only. */
const unbound: BiometricCodec = {
  ...codec,
  encodeEmbedding: (e) => codec.encodeEmbedding(e),
  encodeImage: (j) => codec.encodeImage(j),
  sealFile: (b) => codec.sealFile(b)
}
const event = (decidedResidentId: string | null): AccessEventInput => ({
  mode: 'identification',
  claimedResidentId: null,
  decidedResidentId,
  distance: 0.5,
  margin: null,
  frames: null,
  liveness: null,
  result: 'denied',
  doorOutcome: null
})

let dir: string
let cleanup: () => Promise<void>
beforeEach(async () => {
  ;({ dir, cleanup } = await tempDataDir('hh-binding-'))
})
afterEach(async () => cleanup())

async function twoResidents(with_: BiometricCodec): Promise<void> {
  const store = await openStore(dir, { activeModelId: MODEL, codec: with_ })
  const jpeg = await solidJpeg()
  await store.residents.create({ name: 'Ana', photos: [samplePhoto(MODEL, jpeg, randomUnitVector(512))] })
  await store.residents.create({ name: 'Ben', photos: [samplePhoto(MODEL, jpeg, randomUnitVector(512))] })
  await store.events.append(event(null), { snapshotJpeg: await solidJpeg(64, { r: 10, g: 20, b: 30 }) })
  await store.events.append(event(null), { snapshotJpeg: await solidJpeg(64, { r: 200, g: 20, b: 30 }) })
  await store.close()
}

describe('encrypted values are bound to their record', () => {
  it("swapping two residents' embeddings in the file is detected at open, not read as each other's face", async () => {
    await twoResidents(codec)
    const path = join(dir, 'happy-house.json')
    const db = JSON.parse(await readFile(path, 'utf8'))
    const [a, b] = [db.residents[0].photos[0], db.residents[1].photos[0]]
    ;[a.embedding, b.embedding] = [b.embedding, a.embedding]
    await writeFile(path, JSON.stringify(db))
    await rename(`${path}.bak`, `${path}.bak.unused`).catch(() => undefined)
    await expect(openStore(dir, { activeModelId: MODEL, codec })).rejects.toMatchObject({ code: 'STORE_CORRUPT' })
  })

  it('swapping two snapshot files makes both unreadable instead of showing the wrong face', async () => {
    await twoResidents(codec)
    const snapDir = join(dir, 'snapshots')
    const [x, y] = (await readdir(snapDir)).sort()
    const [bx, by] = [await readFile(join(snapDir, x!)), await readFile(join(snapDir, y!))]
    await writeFile(join(snapDir, x!), by)
    await writeFile(join(snapDir, y!), bx)
    const store = await openStore(dir, { activeModelId: MODEL, codec })
    try {
      for (const e of store.events.query()) await expect(store.events.snapshot(e.id)).rejects.toMatchObject({ code: 'STORE_CORRUPT' })
    } finally {
      await store.close()
    }
  })

  it('values written before binding are rebound at open (photos and snapshots), and read as before', async () => {
    await twoResidents(unbound)
    const before = JSON.parse(await readFile(join(dir, 'happy-house.json'), 'utf8'))
    expect(Buffer.from(before.residents[0].photos[0].embedding, 'base64')[3]).toBe(1)
    const store = await openStore(dir, { activeModelId: MODEL, codec })
    try {
      expect(store.notices.map((n) => n.kind)).toContain('reencoded')
      const after = JSON.parse(await readFile(join(dir, 'happy-house.json'), 'utf8'))
      for (const r of after.residents) {
        expect(Buffer.from(r.photos[0].embedding, 'base64')[3]).toBe(2)
        expect(Buffer.from(r.photos[0].thumbnail, 'base64')[3]).toBe(2)
      }
      for (const name of await readdir(join(dir, 'snapshots'))) expect((await readFile(join(dir, 'snapshots', name)))[3]).toBe(2)
      expect(store.galleryEntries()).toHaveLength(2)
      for (const e of store.events.query()) expect(await store.events.snapshot(e.id)).not.toBeNull()
    } finally {
      await store.close()
    }
  })
})
