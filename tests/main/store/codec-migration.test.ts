import { randomBytes } from 'node:crypto'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type AccessEventInput } from '../../../src/main/store'
import { AES_CODEC_ID, createAesCodec, isSealed } from '../../../src/main/store/aes-codec'
import { BiometricKeyError, plainCodec } from '../../../src/main/store/codec'
import { isJpeg } from '../../../src/main/store/photo-input'
import { randomUnitVector, samplePhoto, solidJpeg, tempDataDir } from '../../support/store-fixtures'

const MODEL = 'model-a'
const key = randomBytes(32)
let thumb: Uint8Array
let dir: string
let cleanup: () => Promise<void>
const embedding = randomUnitVector(512)

const denied: AccessEventInput = {
  mode: 'identification',
  claimedResidentId: null,
  decidedResidentId: null,
  distance: 1.3,
  margin: null,
  frames: { agreeing: 0, considered: 5, required: 3 },
  liveness: null,
  result: 'denied',
  reason: 'not-recognised',
  doorOutcome: null
}

beforeAll(async () => {
  thumb = await solidJpeg()
})
beforeEach(async () => {
  ;({ dir, cleanup } = await tempDataDir('hh-codec-'))
})
afterEach(async () => {
  await cleanup()
})

const dbPath = (): string => join(dir, 'happy-house.json')
const snapshotFiles = async (): Promise<string[]> => readdir(join(dir, 'snapshots')).catch(() => [])
const corruptFiles = async (): Promise<string[]> => (await readdir(dir)).filter((f) => f.startsWith('happy-house.corrupt-'))

/** A plain (pre-encryption) database with one resident and one access snapshot. */
async function plainDatabase(): Promise<void> {
  const store = await openStore(dir, { activeModelId: MODEL })
  await store.residents.create({ name: 'Kian', photos: [samplePhoto(MODEL, thumb, embedding)] })
  await store.events.append(denied, { snapshotJpeg: thumb })
  await store.close()
}

describe('encrypting a plain database on open', () => {
  it('re-encodes every biometric field and snapshot, replaces the backup, and says so', async () => {
    await plainDatabase()
    const plainText = await readFile(dbPath(), 'utf-8')
    const plainEmbedding = JSON.parse(plainText).residents[0].photos[0].embedding as string

    const store = await openStore(dir, { activeModelId: MODEL, codec: createAesCodec(key) })
    expect(store.notices.map((n) => n.kind)).toEqual(['reencoded'])
    expect(store.notices[0]!.message).toMatch(/"plain-v1" was re-encoded as "aes-256-gcm-v1" \(1 photo\(s\), 1 snapshot file\(s\)\)/)
    // Same data, now readable only with the key.
    expect(Array.from(store.galleryEntries()[0]!.embedding)).toEqual(Array.from(embedding))
    const resident = store.residents.list()[0]!
    expect(Array.from(store.residents.thumbnail(resident.id, resident.photos[0]!.id))).toEqual(Array.from(thumb))
    const [event] = store.events.query()
    expect(Array.from((await store.events.snapshot(event!.id))!)).toEqual(Array.from(thumb))
    await store.close()

    for (const file of [dbPath(), dbPath() + '.bak']) {
      const text = await readFile(file, 'utf-8')
      const db = JSON.parse(text)
      expect(db.biometricCodec).toBe(AES_CODEC_ID)
      expect(text).not.toContain(plainEmbedding.slice(0, 40))
      expect(text).not.toContain(Buffer.from(thumb).toString('base64').slice(0, 40))
    }
    const [snapshot] = await snapshotFiles()
    const sealed = new Uint8Array(await readFile(join(dir, 'snapshots', snapshot!)))
    expect(isJpeg(sealed)).toBe(false)
    expect(isSealed(sealed)).toBe(true)

    // Reopening with the key is a normal open.
    const again = await openStore(dir, { activeModelId: MODEL, codec: createAesCodec(key) })
    expect(again.notices).toEqual([])
    expect(Array.from(again.galleryEntries()[0]!.embedding)).toEqual(Array.from(embedding))
    await again.close()
  })

  it('resumes after a crash between sealing the snapshots and writing the database', async () => {
    await plainDatabase()
    const [name] = await snapshotFiles()
    const path = join(dir, 'snapshots', name!)
    // The state a crash leaves: snapshot already sealed, database still plain.
    await writeFile(path, createAesCodec(key).sealFile(new Uint8Array(await readFile(path))))
    const store = await openStore(dir, { activeModelId: MODEL, codec: createAesCodec(key) })
    expect(store.notices[0]!.message).toMatch(/0 snapshot file\(s\)/)
    const [event] = store.events.query()
    expect(Array.from((await store.events.snapshot(event!.id))!)).toEqual(Array.from(thumb))
    await store.close()
  })
})

describe('an encrypted database opened wrongly', () => {
  async function encryptedDatabase(): Promise<string> {
    await plainDatabase()
    await (await openStore(dir, { activeModelId: MODEL, codec: createAesCodec(key) })).close()
    return readFile(dbPath(), 'utf-8')
  }

  it('with another key: a typed wrong-key error, the file untouched and not moved aside', async () => {
    const before = await encryptedDatabase()
    const attempt = openStore(dir, { activeModelId: MODEL, codec: createAesCodec(randomBytes(32)) })
    await expect(attempt).rejects.toBeInstanceOf(BiometricKeyError)
    await expect(attempt).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      problem: 'wrong-key',
      message: expect.stringMatching(/another key .*restore the biometric key.*left untouched/)
    })
    expect(await readFile(dbPath(), 'utf-8')).toBe(before)
    expect(await corruptFiles()).toEqual([])
  })

  it('with another key and a damaged or missing main file: the backup is not treated as damaged, nothing moves', async () => {
    await encryptedDatabase()
    const backup = await readFile(dbPath() + '.bak', 'utf-8')
    for (const mainFile of ['{"truncated":', null]) {
      if (mainFile === null) await rm(dbPath(), { force: true })
      else await writeFile(dbPath(), mainFile)
      const error = await openStore(dir, { activeModelId: MODEL, codec: createAesCodec(randomBytes(32)) }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(BiometricKeyError)
      expect(error).toMatchObject({ problem: 'wrong-key', message: expect.stringMatching(/Cannot open happy-house\.json\.bak: .*another key.*left untouched/) })
      expect(await readFile(dbPath() + '.bak', 'utf-8')).toBe(backup)
      expect(await readFile(dbPath(), 'utf-8').catch(() => null)).toBe(mainFile)
      expect(await corruptFiles()).toEqual([])
    }
    // With the right key, the usual recovery restores the backup.
    const store = await openStore(dir, { activeModelId: MODEL, codec: createAesCodec(key) })
    expect(store.notices.map((n) => n.kind)).toEqual(['restored-missing-file'])
    expect(Array.from(store.galleryEntries()[0]!.embedding)).toEqual(Array.from(embedding))
    await store.close()
  })

  it('with a tampered embedding: a typed tampered error, never a garbage embedding', async () => {
    const before = await encryptedDatabase()
    const db = JSON.parse(before)
    const bytes = Buffer.from(db.residents[0].photos[0].embedding, 'base64')
    bytes[bytes.length - 1] ^= 0x80
    db.residents[0].photos[0].embedding = bytes.toString('base64')
    const tampered = JSON.stringify(db)
    await writeFile(dbPath(), tampered)
    await expect(openStore(dir, { activeModelId: MODEL, codec: createAesCodec(key) })).rejects.toMatchObject({
      problem: 'tampered',
      message: expect.stringMatching(/integrity check/)
    })
    expect(await readFile(dbPath(), 'utf-8')).toBe(tampered)
    expect(await corruptFiles()).toEqual([])
  })

  it('with the plain codec: refused as incompatible, never decrypted back to plain', async () => {
    const before = await encryptedDatabase()
    await expect(openStore(dir, { activeModelId: MODEL, codec: plainCodec })).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      message: expect.stringMatching(/written with "aes-256-gcm-v1" but this store reads "plain-v1"/)
    })
    expect(await readFile(dbPath(), 'utf-8')).toBe(before)
  })
})
