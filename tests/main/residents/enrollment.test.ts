import sharp from 'sharp'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createFaceEngine, type FaceEngine } from '../../../src/main/engine'
import { createEnrollmentService, galleryFromStore, type EnrollmentService } from '../../../src/main/residents'
import { openStore, type Store } from '../../../src/main/store'
import type { AppError } from '../../../src/shared/errors'
import { facesAvailable, reportMissingFaces } from '../../support/faces'
import {
  blurred,
  cameraPhoto,
  darkened,
  mirrored,
  noFace,
  RESIDENT_NAMES,
  residentPhoto,
  tinyFace,
  twoFaces
} from '../../support/face-images'
import { tempDataDir } from '../../support/store-fixtures'

reportMissingFaces('enrollment tests')

/** Enrollment's refusals here are photo errors or confirmations: their details are read as such. */
async function rejection(promise: Promise<unknown>): Promise<AppError<'QUALITY_REJECTED'>> {
  try {
    await promise
  } catch (e) {
    return e as AppError<'QUALITY_REJECTED'>
  }
  throw new Error('expected a rejection')
}

describe.skipIf(!facesAvailable)('enrollment with the real engine', () => {
  let engine: FaceEngine
  let store: Store
  let service: EnrollmentService
  let dir: string
  let cleanup: () => Promise<void>

  beforeAll(() => {
    engine = createFaceEngine()
  })
  afterAll(async () => {
    await engine?.dispose()
  })
  beforeEach(async () => {
    ;({ dir, cleanup } = await tempDataDir('hh-enroll-'))
    store = await openStore(dir, { activeModelId: engine.modelId })
    service = createEnrollmentService({ store, engine })
  })
  afterEach(async () => {
    await store.close()
    await cleanup()
  })

  it('enrolls the 12 Happy House residents from their photos, with thumbnails and quality figures', async () => {
    for (const name of RESIDENT_NAMES) {
      const result = await service.enroll(name, [await residentPhoto(name)], { source: 'file' })
      expect(result.rejected).toEqual([])
      expect(result.accepted).toHaveLength(1)
    }
    const residents = store.residents.list()
    expect(residents.map((r) => r.name)).toEqual([...RESIDENT_NAMES])
    for (const r of residents) {
      const [photo] = r.photos
      expect(photo.modelId).toBe(engine.modelId)
      expect(photo.quality.faceSizePx).toBeGreaterThanOrEqual(40)
      const thumb = await sharp(store.residents.thumbnail(r.id, photo.id)).metadata()
      expect([thumb.format, thumb.width]).toEqual(['jpeg', 80])
    }
    // Recognisable afterwards: camera_0 is younes.
    const probe = (await engine.analyzeImage(await cameraPhoto(0), { maxFaces: 1 })).embedded[0]
    const hit = galleryFromStore(store).identify(probe.embedding, engine.thresholds.accuracy)
    expect(store.residents.get(hit.residentId!).name).toBe('younes')
  })

  it.each([
    ['a blurred photo', () => residentPhoto('kian').then((p) => blurred(p)), 'blurry'],
    ['a tiny face', () => residentPhoto('kian').then((p) => tinyFace(p)), 'too-small'],
    ['two faces', async () => twoFaces(await residentPhoto('kian'), await residentPhoto('younes')), 'multiple-faces'],
    ['no face', () => noFace(), 'no-face'],
    ['a dark photo', () => residentPhoto('kian').then((p) => darkened(p)), 'too-dark']
  ])('rejects %s with its reason and stores nothing', async (_label, make, reason) => {
    const error = await rejection(service.enroll('Kian', [await make()], { source: 'file' }))
    expect(error.code).toBe('QUALITY_REJECTED')
    expect(error.details).toMatchObject({ reason })
    expect(typeof error.details?.measured).toBe('number')
    expect(typeof error.details?.limit).toBe('number')
    expect(error.message.length).toBeGreaterThan(20)
    expect(store.residents.list()).toEqual([])
  })

  it('enrolls a resident from fewer photos than recommended with advice saying why, and drops the advice at 3', async () => {
    const one = await service.enroll('younes', [await residentPhoto('younes')], { source: 'file' })
    expect(one.advice).toEqual([{ reason: 'few-photos', photos: 1, recommended: 3, message: expect.stringMatching(/3 are recommended: photos in different light/) }])
    const two = await service.addPhotos(one.resident.id, [await cameraPhoto(0)], { source: 'file' })
    expect(two.advice.map((a) => a.photos)).toEqual([2])
    const three = await service.addPhotos(one.resident.id, [await mirrored(await residentPhoto('younes'))], { source: 'file', confirm: true })
    expect(three.resident.photos).toHaveLength(3)
    expect(three.advice).toEqual([])
  })

  it('takes the largest face when asked', async () => {
    const photo = await twoFaces(await residentPhoto('kian'), await residentPhoto('younes'))
    const result = await service.enroll('Younes', [photo], { source: 'file', pickLargest: true })
    expect(result.accepted).toHaveLength(1)
  })

  it('keeps the good photos of a batch and reports the others', async () => {
    const kian = await residentPhoto('kian')
    const result = await service.enroll('Kian', [kian, await blurred(kian), new Uint8Array([1, 2, 3, 4])], { source: 'file' })
    expect(result.accepted.map((a) => a.index)).toEqual([0])
    expect(result.rejected).toMatchObject([
      { index: 1, code: 'QUALITY_REJECTED', reason: 'blurry' },
      { index: 2, reason: 'unreadable' }
    ])
    expect(result.rejected[1].code).toMatch(/DECODE_FAILED|UNSUPPORTED_IMAGE/)
    expect(store.residents.get(result.resident.id).photos).toHaveLength(1)
  })

  it('rejects a batch where no photo passes, listing every photo', async () => {
    const kian = await residentPhoto('kian')
    const error = await rejection(service.enroll('Kian', [await blurred(kian), await noFace()], { source: 'file' }))
    expect(error.code).toBe('QUALITY_REJECTED')
    expect(error.message).toMatch(/No photo passed the quality checks \(2 tried\)/)
    expect((error.details?.rejected as { reason: string }[]).map((r) => r.reason)).toEqual(['blurry', 'no-face'])
  })

  it('asks "looks like Benoit: same person?" for a new resident with an enrolled face, and enrolls on confirmation', async () => {
    await service.enroll('Benoit', [await residentPhoto('benoit')], { source: 'file' })
    await service.enroll('Kian', [await residentPhoto('kian')], { source: 'file' })
    const error = await rejection(service.enroll('Ben', [await cameraPhoto(2)], { source: 'file' }))
    expect(error.code).toBe('NEEDS_CONFIRMATION')
    expect(error.message).toMatch(/looks like Benoit: same person\?/)
    expect(error.details).toMatchObject({ kind: 'duplicate', matches: [{ name: 'Benoit' }] })
    expect(store.residents.list()).toHaveLength(2)

    const confirmed = await service.enroll('Ben', [await cameraPhoto(2)], { source: 'file', confirm: true })
    expect(confirmed.resident.name).toBe('Ben')
  })

  it('reports residents too close to each other (triplet-margin look-alikes)', async () => {
    const kian = await residentPhoto('kian')
    await service.enroll('Kian', [kian], { source: 'file' })
    await service.enroll('Tian', [await residentPhoto('tian')], { source: 'file' })
    const twin = await service.enroll('Kian Twin', [await mirrored(kian)], { source: 'file', confirm: true })
    expect(twin.lookAlikes).toHaveLength(1)
    expect([twin.lookAlikes[0].a.name, twin.lookAlikes[0].b.name].sort()).toEqual(['Kian', 'Kian Twin'])
    expect(service.lookAlikes().map((p) => [p.a.name, p.b.name].sort().join('+'))).toEqual(['Kian+Kian Twin'])
  })

  it('adds photos to a resident, asking first when the photo looks like someone else', async () => {
    const benoit = await service.enroll('Benoit', [await residentPhoto('benoit')], { source: 'file' })
    const kian = await service.enroll('Kian', [await residentPhoto('kian')], { source: 'file' })
    const error = await rejection(service.addPhotos(kian.resident.id, [await cameraPhoto(2)], { source: 'file' }))
    expect(error.code).toBe('NEEDS_CONFIRMATION')
    expect(error.message).toMatch(/looks like Benoit, not Kian/)

    const added = await service.addPhotos(benoit.resident.id, [await cameraPhoto(2)], { source: 'file' })
    expect(added.resident.photos).toHaveLength(2)
    expect(added.accepted).toHaveLength(1)
  })

  it('enrolls a camera capture with its liveness score', async () => {
    const result = await service.enroll('Younes', [await cameraPhoto(0)], { source: 'camera' })
    const [photo] = store.residents.get(result.resident.id).photos
    expect(photo.source).toBe('camera')
    expect(photo.quality.liveness).toBeGreaterThan(0.5)
  })

  it('refuses a name already taken before running the engine', async () => {
    await service.enroll('Kian', [await residentPhoto('kian')], { source: 'file' })
    const error = await rejection(service.enroll(' KIAN ', [await residentPhoto('tian')], { source: 'file' }))
    expect(error.code).toBe('CONFLICT')
    expect((await rejection(service.enroll('a/b', [await residentPhoto('tian')], { source: 'file' }))).code).toBe('INVALID_PAYLOAD')
    expect((await rejection(service.enroll('Tian', [], { source: 'file' }))).code).toBe('EMPTY_INPUT')
  })

  it('gives guided-capture feedback on a frame', async () => {
    const good = await service.checkCapture(await cameraPhoto(0))
    expect(good).toMatchObject({ ok: true, hint: 'ok', width: 96, height: 96 })
    const tiny = await service.checkCapture(await tinyFace(await residentPhoto('kian')))
    expect(tiny).toMatchObject({ ok: false, hint: 'move-closer' })
    const none = await service.checkCapture(await noFace())
    expect(none).toMatchObject({ ok: false, hint: 'no-face', box: null })
  })
})
