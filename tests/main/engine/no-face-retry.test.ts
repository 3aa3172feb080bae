import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_ACCESS_CONFIG } from '../../../src/main/access/config'
import { thresholdInForce } from '../../../src/main/access/thresholds'
import { decodeImage } from '../../../src/main/engine/decode'
import { l2Distance } from '../../../src/main/engine/distance'
import { createFaceEngineWithInternals, type EngineInternals } from '../../../src/main/engine/engine'
import type { FaceEngine } from '../../../src/main/engine'
import { FACES_DIR, facesAvailable, happyHouse, HAPPY_HOUSE_RESIDENTS, reportMissingFaces } from '../../support/faces'
import { noFace } from '../../support/face-images'

reportMissingFaces('no-face retry of camera frames')

/** Happy House shots cut 16 px inside (64x64): the face fills the frame, as someone close to the camera. */
async function cutHappyHouse(file: string): Promise<Buffer> {
  return sharp(file).extract({ left: 16, top: 16, width: 64, height: 64 }).removeAlpha().jpeg().toBuffer()
}

/** An LFW-dev photo (150x150, face centred) cut to the face alone. */
async function cutLfw(person: string): Promise<Buffer> {
  const dir = join(FACES_DIR, 'lfw-dev/images', person)
  return sharp(join(dir, readdirSync(dir).sort()[0])).extract({ left: 40, top: 40, width: 70, height: 80 }).jpeg().toBuffer()
}

/** Faces the detector misses without the border and finds with it (checked below, not assumed). */
const CASES: [string, () => Promise<Buffer>][] = [
  ['Happy House camera_0 (younes)', () => cutHappyHouse(happyHouse.camera(0))],
  ['Happy House camera_2 (benoit)', () => cutHappyHouse(happyHouse.camera(2))],
  ['LFW-dev Abdoulaye_Wade', () => cutLfw('Abdoulaye_Wade')],
  ['LFW-dev Annette_Lu', () => cutLfw('Annette_Lu')]
]

describe.skipIf(!facesAvailable)('camera frames without a face are re-detected with the border, cheaply', () => {
  let engine: FaceEngine | undefined
  afterEach(async () => {
    await engine?.dispose()
  })

  function fresh(): EngineInternals {
    const created = createFaceEngineWithInternals()
    engine = created.engine
    return created.internals
  }

  it.each(CASES)('%s: found within the retry period, then on every frame', async (_name, make) => {
    const internals = fresh()
    const rule = internals.manifest.pipeline.padRetryWhenNoFace!
    const frame = await decodeImage(await make(), internals.manifest.pipeline.maxInputPixels)
    // The case is real: the plain pass misses this face, the padded one finds it.
    expect(await internals.pipeline.detectRaw(frame, 0)).toEqual([])
    expect((await internals.pipeline.detectRaw(frame, internals.manifest.pipeline.stillImagePadPx)).length).toBeGreaterThan(0)
    const found: boolean[] = []
    for (let i = 0; i < 2 * rule.everyNthEmptyFrame; i++) found.push((await internals.pipeline.detect(frame, false)).length > 0)
    const first = found.indexOf(true)
    expect(first).toBeGreaterThanOrEqual(0)
    expect(first).toBeLessThan(rule.everyNthEmptyFrame)
    expect(found.slice(first).every(Boolean)).toBe(true)
  })

  it('the face found by the retry is recognised: camera_0 cut tight is younes at the threshold in force', async () => {
    const internals = fresh()
    const still = async (name: string) => (await engine!.embedFaces(readFileSync(join(happyHouse.residentsDir, `${name}.jpg`)), { still: true, maxFaces: 1 }))[0]
    const frame = await cutHappyHouse(happyHouse.camera(0))
    let face = (await engine!.embedFaces(frame, { maxFaces: 1 }))[0]
    for (let i = 0; !face && i < internals.manifest.pipeline.padRetryWhenNoFace!.everyNthEmptyFrame; i++) face = (await engine!.embedFaces(frame, { maxFaces: 1 }))[0]
    expect(face).toBeDefined()
    const threshold = thresholdInForce(DEFAULT_ACCESS_CONFIG, engine!.thresholds, { photos: HAPPY_HOUSE_RESIDENTS.length, templates: 0 }).threshold
    const younes = await still('younes')
    expect(younes).toBeDefined()
    expect(l2Distance(face.embedding, younes.embedding)).toBeLessThan(threshold)
  })

  it('an empty doorway stays empty', async () => {
    const internals = fresh()
    const empty = await decodeImage(await noFace(), internals.manifest.pipeline.maxInputPixels)
    for (let i = 0; i < 8; i++) expect(await internals.pipeline.detect(empty, false)).toEqual([])
  })
})

describe.skipIf(!facesAvailable)('a face that needs the border on every frame goes straight to the padded pass', () => {
  it('finds what the unpadded then padded passes find, with one unpadded pass for the whole streak, and starts over when the face leaves', async () => {
    const { engine, internals } = createFaceEngineWithInternals()
    try {
      const { pipeline, manifest } = internals
      const { stillImagePadPx: pad, padWhenFaceFraction, maxInputPixels } = manifest.pipeline
      const near = await decodeImage(readFileSync(happyHouse.camera(0)), maxInputPixels)
      const empty = await decodeImage(await noFace(), maxInputPixels)
      // The case is real: the unpadded pass finds the face, and it fills most of the frame.
      const unpadded = await pipeline.detectRaw(near, 0, 'cameraDetector')
      expect(unpadded.some((d) => d.box.height > padWhenFaceFraction * near.height)).toBe(true)
      const padded = (await pipeline.detectRaw(near, pad)).sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)
      expect(padded.length).toBeGreaterThan(0)

      const start = { ...pipeline.detectorPasses }
      for (let i = 0; i < 5; i++) expect(await pipeline.detect(near, false)).toEqual(padded)
      expect(pipeline.detectorPasses.unpadded - start.unpadded).toBe(1)
      expect(pipeline.detectorPasses.padded - start.padded).toBe(5)

      // The face leaves: the padded pass finds nobody, and the next frame starts with the unpadded pass.
      expect(await pipeline.detect(empty, false)).toEqual([])
      const left = { ...pipeline.detectorPasses }
      expect(await pipeline.detect(empty, false)).toEqual([])
      expect(pipeline.detectorPasses.unpadded - left.unpadded).toBe(1)
      expect(pipeline.detectorPasses.padded - left.padded).toBe(0)
    } finally {
      await engine.dispose()
    }
  })
})
