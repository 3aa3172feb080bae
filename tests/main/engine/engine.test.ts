import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFaceEngine, embedSubject, Gallery, identifyImage, type FaceEngine } from '../../../src/main/engine/index'
import { cpuFeatures } from '../../../src/main/engine/cpu-features'
import { loadedFile, loadManifest } from '../../../src/main/engine/manifest'
import { defaultManifestPath, defaultModelsDir } from '../../../src/main/engine/model-files'
import { facesAvailable, happyHouse, reportMissingFaces } from '../../support/faces'

const errorCode = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string }) => e.code)

/** Two residents' photos side by side on a grey canvas. */
async function twoFaces(): Promise<Buffer> {
  const face = (name: string) => sharp(readFileSync(join(happyHouse.residentsDir, name))).resize(140, 140).png().toBuffer()
  return sharp({ create: { width: 480, height: 300, channels: 3, background: '#7a7a7a' } })
    .composite([
      { input: await face('younes.jpg'), left: 40, top: 90 },
      { input: await face('kian.jpg'), left: 290, top: 60 }
    ])
    .jpeg({ quality: 92 })
    .toBuffer()
}

/** Smooth random texture, no face in it. */
async function noFace(): Promise<Buffer> {
  const w = 64
  const h = 48
  const noise = Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 2654435761) % 256)
  return sharp(noise, { raw: { width: w, height: h, channels: 3 } }).resize(320, 240).blur(4).png().toBuffer()
}

describe.skipIf(!facesAvailable)('face engine with the real models', () => {
  reportMissingFaces('face engine')
  let engine: FaceEngine
  beforeAll(() => {
    engine = createFaceEngine()
  })
  afterAll(() => engine?.dispose())

  it('exposes the calibrated thresholds of the manifest', () => {
    expect(engine.thresholds.accuracy).toBeGreaterThan(0.5)
    expect(engine.thresholds.far['1e-5']).toBeLessThan(engine.thresholds.far['1e-2'])
  })

  it('reports every face of a multi-face image, largest first, each embedded', async () => {
    const image = await twoFaces()
    const faces = await engine.detectFaces(image)
    expect(faces).toHaveLength(2)
    expect(faces[0].box.width).toBeGreaterThanOrEqual(faces[1].box.width)
    for (const f of faces) {
      expect(f.score).toBeGreaterThan(0.65)
      expect(f.landmarks68).toHaveLength(68)
      expect(f.landmarks5).toHaveLength(5)
    }
    const embedded = await engine.embedFaces(image, { liveness: true })
    expect(embedded).toHaveLength(2)
    const gallery = new Gallery()
    for (const name of ['younes', 'kian']) {
      const [face] = await engine.embedFaces(readFileSync(join(happyHouse.residentsDir, `${name}.jpg`)), { still: true })
      gallery.add(name, face.embedding)
    }
    // Each reported face is its own person (left face = younes, right = kian).
    const byX = [...embedded].sort((a, b) => a.box.x - b.box.x)
    expect(byX.map((f) => gallery.identify(f.embedding, engine.thresholds.accuracy).residentId)).toEqual(['younes', 'kian'])
    for (const f of embedded) {
      expect(f.liveness).toBeGreaterThanOrEqual(0)
      expect(f.liveness).toBeLessThanOrEqual(1)
      expect(f.quality.faceSizePx).toBeGreaterThan(50)
      expect(f.quality.touchesBorder).toBe(false)
    }
    // Where one face is required, several is a typed error; otherwise the largest is the subject.
    expect(await errorCode(embedSubject(engine, image, { requireSingleFace: true }))).toBe('MULTIPLE_FACES')
    const subject = await embedSubject(engine, image)
    expect(subject.otherFaces).toHaveLength(1)
    expect(await engine.embedFaces(image, { maxFaces: 1 })).toHaveLength(1)
  })

  it('an image without a face: no detections, NO_FACE where one is needed', async () => {
    const image = await noFace()
    expect(await engine.detectFaces(image)).toEqual([])
    expect(await errorCode(identifyImage(engine, new Gallery(), image))).toBe('NO_FACE')
  })

  it('bad inputs reach the caller as typed errors, not crashes', async () => {
    expect(await errorCode(engine.detectFaces(new Uint8Array(0)))).toBe('EMPTY_INPUT')
    expect(await errorCode(engine.embedFaces(Buffer.from('not an image at all')))).toBe('UNSUPPORTED_IMAGE')
    const jpeg = readFileSync(happyHouse.camera(1))
    expect(await errorCode(engine.embedFaces(jpeg.subarray(0, jpeg.length >> 1)))).toBe('DECODE_FAILED')
  })

  it('accepts raw RGB(A) pixels (the camera path) with the same result as the encoded file', async () => {
    const bytes = readFileSync(happyHouse.camera(0))
    const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
    const [fromRaw] = await engine.embedFaces({ data, width: info.width, height: info.height, channels: 4 }, { still: true })
    const [fromFile] = await engine.embedFaces(bytes, { still: true })
    expect(Array.from(fromRaw.embedding)).toEqual(Array.from(fromFile.embedding))
  })

  it('reloads its sessions lazily after dispose()', async () => {
    const own = createFaceEngine()
    const bytes = readFileSync(happyHouse.camera(3))
    const [before] = await own.embedFaces(bytes, { still: true })
    await own.dispose()
    const [after] = await own.embedFaces(bytes, { still: true })
    expect(Array.from(after.embedding)).toEqual(Array.from(before.embedding))
    await own.dispose()
  })
})

describe('model files are checked against the manifest on first use', () => {
  const realModels = defaultModelsDir()
  const manifest = loadManifest(defaultManifestPath(realModels))
  /** The files the engine loads for detection on this CPU (prepared ones where the manifest has them). */
  const [detectorFile, landmarksFile, embeddingFile, cameraDetectorFile] = (['detector', 'landmarks', 'embedding', 'cameraDetector'] as const).map(
    (role) => loadedFile(manifest.models[manifest.defaults[role] ?? manifest.defaults.detector], cpuFeatures()).file
  )
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hh-models-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('missing files -> MODELS_MISSING naming `npm run models`', async () => {
    const engine = createFaceEngine({ modelsDir: dir, manifestPath: defaultManifestPath(realModels) })
    const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#000' } }).png().toBuffer()
    const missing = await engine.detectFaces(png).catch((e) => e)
    expect(missing.code).toBe('MODELS_MISSING')
    expect(missing.message).toContain('npm run models')
  })

  it('the same engine recovers once the files are in place (failed loads are not cached)', async () => {
    const engine = createFaceEngine({ modelsDir: dir, manifestPath: defaultManifestPath(realModels) })
    const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#000' } }).png().toBuffer()
    expect(await errorCode(engine.detectFaces(png))).toBe('MODELS_MISSING')
    for (const f of [detectorFile, cameraDetectorFile, landmarksFile, embeddingFile]) copyFileSync(join(realModels, f), join(dir, f))
    expect(await engine.detectFaces(png)).toEqual([])
    await engine.dispose()
  })

  it('an altered file -> MODELS_CORRUPT naming `npm run models`', async () => {
    for (const f of [cameraDetectorFile, landmarksFile, embeddingFile]) copyFileSync(join(realModels, f), join(dir, f))
    const altered = readFileSync(join(realModels, detectorFile))
    altered[altered.length - 1] ^= 0xff
    writeFileSync(join(dir, detectorFile), altered)
    const engine = createFaceEngine({ modelsDir: dir, manifestPath: defaultManifestPath(realModels) })
    const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#000' } }).png().toBuffer()
    const error = await engine.detectFaces(png).catch((e) => e)
    expect(error.code).toBe('MODELS_CORRUPT')
    expect(error.message).toContain('npm run models')
  })

  it('an invalid manifest -> MODELS_CORRUPT at creation', () => {
    const bad = join(dir, 'manifest.json')
    writeFileSync(bad, JSON.stringify({ schemaVersion: 1, models: {} }))
    expect(() => createFaceEngine({ modelsDir: dir, manifestPath: bad })).toThrowError(expect.objectContaining({ code: 'MODELS_CORRUPT' }))
  })
})
