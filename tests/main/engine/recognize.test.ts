import { readdirSync, readFileSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFaceEngine, Gallery, identifyImage, verifyImage, type FaceEngine } from '../../../src/main/engine/index'
import { facesAvailable, happyHouse, reportMissingFaces } from '../../support/faces'

/** Ground truth of the Happy House camera shots (../shared/faces/README.md). */
const CAMERA_TRUTH = ['younes', 'bertrand', 'benoit', 'bertrand', 'dan', 'arnaud']

describe.skipIf(!facesAvailable)('Happy House with the real models (the seed scenarios)', () => {
  reportMissingFaces('Happy House recognition')
  let engine: FaceEngine
  const gallery = new Gallery()

  beforeAll(async () => {
    engine = createFaceEngine()
    for (const file of readdirSync(happyHouse.residentsDir).sort()) {
      // Enrollment photos are tight crops: still-image mode pads them before detection.
      const [face] = await engine.embedFaces(readFileSync(join(happyHouse.residentsDir, file)), { still: true, maxFaces: 1 })
      expect(face, `a face in ${file}`).toBeDefined()
      gallery.add(basename(file, extname(file)), face.embedding)
    }
  })
  afterAll(() => engine?.dispose())

  it('enrolls the 12 residents', () => {
    expect(gallery.residents).toHaveLength(12)
    expect(gallery.size).toBe(12)
  })

  it.each(CAMERA_TRUTH.map((person, n) => [n, person] as const))('who_is_it(camera_%i) = %s', async (n, person) => {
    const r = await identifyImage(engine, gallery, readFileSync(happyHouse.camera(n)), { still: true })
    expect(r.residentId).toBe(person)
    expect(r.distance).toBeLessThan(engine.thresholds.accuracy)
    expect(r.secondDistance).toBeGreaterThan(r.distance)
    expect(r.threshold).toBe(engine.thresholds.accuracy)
    expect(r.otherFaces).toEqual([])
  })

  it('verify(camera_0, younes) opens the door', async () => {
    const r = await verifyImage(engine, gallery, readFileSync(happyHouse.camera(0)), 'younes', { still: true })
    expect(r.match).toBe(true)
    expect(r.distance).toBeLessThan(engine.thresholds.accuracy)
  })

  it("verify(camera_2, kian) does not (benoit with kian's ID card)", async () => {
    const r = await verifyImage(engine, gallery, readFileSync(happyHouse.camera(2)), 'kian', { still: true })
    expect(r.match).toBe(false)
    expect(r.distance).toBeGreaterThan(engine.thresholds.accuracy)
  })

  it('camera-frame mode (no still flag) re-detects tight crops with the border and agrees', async () => {
    for (const [n, person] of CAMERA_TRUTH.entries()) {
      const r = await identifyImage(engine, gallery, readFileSync(happyHouse.camera(n)))
      expect([n, r.residentId]).toEqual([n, person])
    }
  })

  it('the embeddings carry the model id and are unit vectors', async () => {
    const [face] = await engine.embedFaces(readFileSync(happyHouse.camera(0)), { still: true })
    expect(engine.modelId).toBe('fr_feature')
    expect(face.embedding).toHaveLength(512)
    expect(Math.hypot(...face.embedding)).toBeCloseTo(1, 5)
  })
})
