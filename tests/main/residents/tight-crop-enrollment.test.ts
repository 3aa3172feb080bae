import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_ACCESS_CONFIG } from '../../../src/main/access/config'
import { thresholdInForce } from '../../../src/main/access/thresholds'
import { createFaceEngine, identifyImage, type FaceEngine } from '../../../src/main/engine'
import { createEnrollmentService, galleryFromStore, galleryMix, type EnrollmentService } from '../../../src/main/residents'
import { openStore, type Store } from '../../../src/main/store'
import { FACES_DIR, facesAvailable, happyHouse, reportMissingFaces } from '../../support/faces'
import { RESIDENT_NAMES, residentPhotoPath } from '../../support/face-images'
import { tempDataDir } from '../../support/store-fixtures'

reportMissingFaces('tight-crop enrollment')

/** Ground truth of the Happy House camera shots (../shared/faces/README.md). */
const CAMERA_TRUTH = ['younes', 'bertrand', 'benoit', 'bertrand', 'dan', 'arnaud']

/** A photo cut `margin` px inside on every side: the face reaches the edge, as on an ID photo. */
async function cut(file: string, margin: number): Promise<Uint8Array> {
  const { width = 0, height = 0 } = await sharp(file).metadata()
  return sharp(file).extract({ left: margin, top: margin, width: width - 2 * margin, height: height - 2 * margin }).removeAlpha().jpeg().toBuffer()
}

describe.skipIf(!facesAvailable)('tight face crops from files are enrolled with a warning, and recognised', () => {
  let engine: FaceEngine
  let store: Store
  let service: EnrollmentService
  let cleanup: () => Promise<void>

  beforeAll(() => {
    engine = createFaceEngine()
  })
  afterAll(async () => {
    await engine?.dispose()
  })
  beforeEach(async () => {
    let dir: string
    ;({ dir, cleanup } = await tempDataDir('hh-tight-'))
    store = await openStore(dir, { activeModelId: engine.modelId })
    service = createEnrollmentService({ store, engine })
  })
  afterEach(async () => {
    await store.close()
    await cleanup()
  })

  it('the 12 Happy House residents cut to their faces: none refused, tight ones warned, 6/6 camera shots identified', async () => {
    let warned = 0
    for (const name of RESIDENT_NAMES) {
      const result = await service.enroll(name, [await cut(residentPhotoPath(name), 12)], { source: 'file' })
      expect(result.rejected, name).toEqual([])
      for (const w of result.warnings) expect(w).toMatchObject({ index: 0, reason: 'tight-crop' })
      warned += result.warnings.length
    }
    expect(warned).toBeGreaterThan(0)
    const gallery = galleryFromStore(store)
    const threshold = thresholdInForce(DEFAULT_ACCESS_CONFIG, engine.thresholds, galleryMix(gallery)).threshold
    for (const [n, person] of CAMERA_TRUTH.entries()) {
      const r = await identifyImage(engine, gallery, readFileSync(happyHouse.camera(n)), { still: true, threshold })
      expect([n, r.residentId === null ? null : store.residents.get(r.residentId).name]).toEqual([n, person])
    }
  })

  it('LFW-dev photos cut to the face enroll too (with the warning where the face touches the edge)', async () => {
    const images = join(FACES_DIR, 'lfw-dev/images')
    const people = readdirSync(images).sort().slice(0, 8)
    for (const person of people) {
      const file = join(images, person, readdirSync(join(images, person)).sort()[0])
      const result = await service.enroll(person.replace(/_/g, ' '), [await cut(file, 40)], { source: 'file', confirm: true })
      expect(result.rejected, person).toEqual([])
      expect(result.warnings.every((w) => w.reason === 'tight-crop')).toBe(true)
    }
  })

  it('refused as cut-off when the setting says so', async () => {
    const strict = createEnrollmentService({ store, engine, config: { tightFileCrops: 'reject' } })
    const photos = await Promise.all(RESIDENT_NAMES.map((n) => cut(residentPhotoPath(n), 12)))
    const outcomes = await Promise.allSettled(RESIDENT_NAMES.map((n, i) => strict.checkPhoto(photos[i], { source: 'file' }).then(() => n)))
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.details?.reason)
    expect(refused.length).toBeGreaterThan(0)
    expect(new Set(refused)).toEqual(new Set(['cut-off']))
  })
})
