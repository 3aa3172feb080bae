import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEncryptedStore } from '../../../src/main/security'
import type { AccessEventInput, NewPhoto, Store } from '../../../src/main/store'
import { AppError, type ErrorCode } from '../../../src/shared/errors'
import { expectDbUnchanged } from '../../support/db-fingerprint'
import { randomUnitVector, SAMPLE_QUALITY, samplePhoto, solidJpeg, tempDataDir } from '../../support/store-fixtures'

/**
 * Hostile values handed straight to the (encrypted) store, as a buggy or compromised feature could:
 * each is refused with a typed error before anything is written.
 */

const MODEL = 'model-a'
let store: Store
let dir: string
let cleanup: () => Promise<void>
let thumb: Uint8Array
let residentId: string

beforeAll(async () => {
  ;({ dir, cleanup } = await tempDataDir('hh-hostile-store-'))
  thumb = await solidJpeg(64)
  store = await openEncryptedStore(dir, { activeModelId: MODEL })
  residentId = (await store.residents.create({ name: 'Kian', photos: [samplePhoto(MODEL, thumb)] })).id
  await store.events.append(denied(), { snapshotJpeg: thumb })
})
afterAll(async () => {
  await store?.close()
  await cleanup?.()
})

function denied(over: Partial<Record<keyof AccessEventInput, unknown>> = {}): AccessEventInput {
  return {
    mode: 'identification',
    claimedResidentId: null,
    decidedResidentId: null,
    distance: 1.3,
    margin: null,
    frames: { agreeing: 0, considered: 5, required: 3 },
    liveness: null,
    result: 'denied',
    reason: 'not-recognised',
    doorOutcome: null,
    ...over
  } as AccessEventInput
}

const photo = (over: Partial<Record<keyof NewPhoto, unknown>>): NewPhoto => ({ ...samplePhoto(MODEL, thumb), ...over }) as NewPhoto

function withValue(values: number[], at: number, value: number): Float32Array {
  const v = randomUnitVector(512)
  v[at] = value
  return v
}

const CASES: [string, () => Promise<unknown>, ErrorCode][] = [
  ['an embedding holding NaN', () => store.residents.create({ name: 'Ana', photos: [photo({ embedding: withValue([], 3, Number.NaN) })] }), 'INVALID_PAYLOAD'],
  ['an embedding holding Infinity', () => store.residents.addPhoto(residentId, photo({ embedding: withValue([], 0, Number.POSITIVE_INFINITY) })), 'INVALID_PAYLOAD'],
  ['an empty embedding', () => store.residents.addPhoto(residentId, photo({ embedding: new Float32Array(0) })), 'INVALID_PAYLOAD'],
  ['an embedding given as a plain array', () => store.residents.addPhoto(residentId, photo({ embedding: Array.from(randomUnitVector(512)) })), 'INVALID_PAYLOAD'],
  ['an embedding of 5000 values', () => store.residents.addPhoto(residentId, photo({ embedding: new Float32Array(5000).fill(0.01) })), 'INVALID_PAYLOAD'],
  ['an embedding of another length than the model', () => store.residents.addPhoto(residentId, photo({ embedding: randomUnitVector(128) })), 'INVALID_PAYLOAD'],
  ['quality figures with NaN', () => store.residents.addPhoto(residentId, photo({ quality: { ...SAMPLE_QUALITY, sharpness: Number.NaN } })), 'INVALID_PAYLOAD'],
  ['a brightness of 1e9', () => store.residents.addPhoto(residentId, photo({ quality: { ...SAMPLE_QUALITY, brightness: 1e9 } })), 'INVALID_PAYLOAD'],
  ['a PNG thumbnail', () => store.residents.addPhoto(residentId, photo({ thumbnailJpeg: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]) })), 'INVALID_PAYLOAD'],
  ['a 65 KB thumbnail', () => store.residents.addPhoto(residentId, photo({ thumbnailJpeg: new Uint8Array(65 * 1024).fill(0xff) })), 'INVALID_PAYLOAD'],
  ['a photo of another embedding model', () => store.residents.addPhoto(residentId, photo({ modelId: 'model-b' })), 'INVALID_PAYLOAD'],
  ['an unknown photo source', () => store.residents.addPhoto(residentId, photo({ source: 'internet' })), 'INVALID_PAYLOAD'],
  ['21 photos for one resident', () => store.residents.addPhotos(residentId, Array.from({ length: 21 }, () => photo({}))), 'INVALID_PAYLOAD'],
  ['a name with a NUL character', () => store.residents.create({ name: 'A\u0000na' }), 'INVALID_PAYLOAD'],
  ['a name with a path separator', () => store.residents.rename(residentId, 'kian/../../root'), 'INVALID_PAYLOAD'],
  ['a name that is not text', () => store.residents.create({ name: 42 as unknown as string }), 'INVALID_PAYLOAD'],
  ['the same name in other case', () => store.residents.create({ name: 'KIAN' }), 'CONFLICT'],
  ['photos for a resident that does not exist', () => store.residents.addPhoto('00000000-0000-4000-8000-000000000000', photo({})), 'NOT_FOUND'],
  ['removing a photo by a path', () => store.residents.removePhoto(residentId, '../happy-house.json'), 'NOT_FOUND'],
  ['an event with a NaN distance', () => store.events.append(denied({ distance: Number.NaN })), 'INVALID_PAYLOAD'],
  ['an event with an infinite margin', () => store.events.append(denied({ margin: Number.NEGATIVE_INFINITY })), 'INVALID_PAYLOAD'],
  ['an event with an invented result', () => store.events.append(denied({ result: 'opened-anyway' })), 'INVALID_PAYLOAD'],
  ['an event with a 600-character message', () => store.events.append(denied({ message: 'm'.repeat(600) })), 'INVALID_PAYLOAD'],
  ['an event with a PNG snapshot', () => store.events.append(denied(), { snapshotJpeg: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) }), 'INVALID_PAYLOAD'],
  ['an event with a 3 MB snapshot', () => store.events.append(denied(), { snapshotJpeg: new Uint8Array(3 * 1024 * 1024).fill(0xff) }), 'INVALID_PAYLOAD'],
  ['settings with a NaN cooldown', () => store.settings.update({ cooldownMs: Number.NaN }), 'INVALID_PAYLOAD'],
  ['settings through __proto__', () => store.settings.update(JSON.parse('{"__proto__":{"cooldownMs":1}}')), 'INVALID_PAYLOAD'],
  ['settings through constructor', () => store.settings.update(JSON.parse('{"constructor":{"prototype":{"admin":null}}}')), 'INVALID_PAYLOAD'],
  ['settings through toString', () => store.settings.update({ toString: 'x' } as never), 'INVALID_PAYLOAD']
]

describe('hostile values handed to the store', () => {
  for (const [what, attempt, code] of CASES) {
    it(`${what} → ${code}, nothing written`, async () => {
      await expectDbUnchanged(dir, async () => {
        const error = await attempt().then(
          () => null,
          (e: unknown) => e
        )
        expect(error, what).toBeInstanceOf(AppError)
        expect(error).toMatchObject({ code })
      }, what)
    })
  }

  it('a caller cannot choose the snapshot file an event points to', async () => {
    const event = await store.events.append({ ...denied(), snapshot: '../../biometric.key' } as AccessEventInput)
    expect(event.snapshot).toBeNull()
    expect(store.events.query({ limit: 1 })[0]!.snapshot).toBeNull()
  })

  it('reads with hostile arguments find nothing instead of throwing', async () => {
    await expectDbUnchanged(dir, async () => {
      await expect(store.events.snapshot('../../biometric.key')).rejects.toMatchObject({ code: 'NOT_FOUND' })
      expect(() => store.residents.thumbnail(residentId, '../../biometric.key')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }))
      expect(() => store.events.query({ limit: Number.POSITIVE_INFINITY })).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD' }))
      expect(() => store.events.query({ limit: Number.NaN })).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD' }))
      expect(() => store.events.query({ from: 'yesterday' })).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD' }))
      expect(store.residents.findByName('\u0000')).toBeNull()
    })
  })
})
