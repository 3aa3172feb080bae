import { access, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { KeyFileProvider, openEncryptedStore } from '../../../src/main/security'
import { openStore } from '../../../src/main/store'
import { AES_CODEC_ID } from '../../../src/main/store/aes-codec'
import { BiometricKeyError } from '../../../src/main/store/codec'
import { randomUnitVector, samplePhoto, solidJpeg, tempDataDir } from '../../support/store-fixtures'

const MODEL = 'model-a'
let thumb: Uint8Array
let dir: string
let cleanup: () => Promise<void>
beforeAll(async () => {
  thumb = await solidJpeg()
})
beforeEach(async () => {
  ;({ dir, cleanup } = await tempDataDir('hh-encrypted-'))
})
afterEach(async () => {
  await cleanup()
})

const dbPath = (): string => join(dir, 'happy-house.json')
const keyPath = (): string => join(dir, 'biometric.key')

describe('the encrypted store (key file)', () => {
  it('creates the key with the database, and reads residents back with it', async () => {
    const embedding = randomUnitVector(512)
    const store = await openEncryptedStore(dir, { activeModelId: MODEL })
    await store.residents.create({ name: 'Kian', photos: [samplePhoto(MODEL, thumb, embedding)] })
    await store.close()
    expect(JSON.parse(await readFile(dbPath(), 'utf-8')).biometricCodec).toBe(AES_CODEC_ID)
    await access(keyPath())

    const again = await openEncryptedStore(dir, { activeModelId: MODEL })
    expect(Array.from(again.galleryEntries()[0]!.embedding)).toEqual(Array.from(embedding))
    await again.close()
  })

  it('encrypts an existing plain database on open', async () => {
    const plain = await openStore(dir, { activeModelId: MODEL })
    await plain.residents.create({ name: 'Kian', photos: [samplePhoto(MODEL, thumb)] })
    await plain.close()
    const store = await openEncryptedStore(dir, { activeModelId: MODEL, keyProvider: new KeyFileProvider(dir) })
    expect(store.notices.map((n) => n.kind)).toEqual(['reencoded'])
    await store.close()
    expect(JSON.parse(await readFile(dbPath(), 'utf-8')).biometricCodec).toBe(AES_CODEC_ID)
  })

  it('never creates a new key for an encrypted database whose key is gone', async () => {
    await (await openEncryptedStore(dir, { activeModelId: MODEL })).close()
    const before = await readFile(dbPath(), 'utf-8')
    await rm(keyPath())
    const error = await openEncryptedStore(dir, { activeModelId: MODEL }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BiometricKeyError)
    expect(error).toMatchObject({ problem: 'missing-key', message: expect.stringMatching(/is encrypted .* but its key .* is missing: restore the key/) })
    expect(await readFile(dbPath(), 'utf-8')).toBe(before)
    expect(await readdir(dir)).not.toContain('biometric.key')
  })
})
