import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { createFaceEngine, type FaceEngine, type ImageAnalysis, type RawImage } from '../../../src/main/engine/index'
import { defaultModelsDir } from '../../../src/main/engine/model-files'
import { createWorkerFaceEngine, type WorkerFaceEngine } from '../../../src/main/engine/worker/worker-engine'
import { facesAvailable, happyHouse, reportMissingFaces } from '../../support/faces'

const OPTS = { maxFaces: 1, liveness: true, eyes: true }
const rejection = (p: Promise<unknown>): Promise<unknown> => p.then(() => null, (e: unknown) => e)

/** The same answer to the last bit: one onnxruntime build, one thread, the same inputs. */
function expectSameAnalysis(actual: ImageAnalysis, expected: ImageAnalysis): void {
  expect(actual.width).toBe(expected.width)
  expect(actual.faces).toEqual(expected.faces)
  expect(actual.embedded.length).toBe(expected.embedded.length)
  actual.embedded.forEach((face, i) => {
    expect(face.embedding).toBeInstanceOf(Float32Array)
    expect(Array.from(face.embedding)).toEqual(Array.from(expected.embedded[i].embedding))
    expect({ ...face, embedding: null }).toEqual({ ...expected.embedded[i], embedding: null })
  })
}

describe.skipIf(!facesAvailable)('face engine in a worker thread', () => {
  reportMissingFaces('worker engine')
  let inThread: FaceEngine
  let worker: WorkerFaceEngine
  beforeAll(() => {
    inThread = createFaceEngine()
    worker = createWorkerFaceEngine()
  })
  afterAll(async () => {
    await inThread?.dispose()
    await worker?.dispose()
  })

  it('starts lazily and exposes the manifest facts of the in-thread engine', () => {
    expect(worker.worker).toBeNull()
    expect(worker.modelId).toBe(inThread.modelId)
    expect(worker.thresholds).toEqual(inThread.thresholds)
    expect(worker.livenessCalibration).toEqual(inThread.livenessCalibration)
  })

  it('gives the in-thread engine’s results on Happy House images', async () => {
    const files = [happyHouse.camera(0), happyHouse.camera(3), join(happyHouse.residentsDir, 'kian.jpg')]
    for (const file of files) {
      const bytes = readFileSync(file)
      expectSameAnalysis(await worker.analyzeImage(bytes, OPTS), await inThread.analyzeImage(bytes, OPTS))
      expect(await worker.detectFaces(bytes, { still: true })).toEqual(await inThread.detectFaces(bytes, { still: true }))
    }
    expect(worker.worker).not.toBeNull()
  })

  it('moves decoded pixels to the worker and back into the caller’s image', async () => {
    const { data, info } = await sharp(happyHouse.camera(1)).removeAlpha().raw().toBuffer({ resolveWithObject: true })
    const pixels = new Uint8Array(data)
    const image: RawImage = { data: new Uint8Array(pixels), width: info.width, height: info.height, channels: 3 }
    const sent = image.data
    const call = worker.analyzeImage(image, OPTS)
    expect(sent.byteLength).toBe(0) // transferred, not copied
    const result = await call
    expect(Buffer.from(image.data).equals(Buffer.from(pixels))).toBe(true)
    expectSameAnalysis(result, await inThread.analyzeImage({ ...image, data: pixels }, OPTS))
  })

  it('rethrows the engine’s typed errors with their code', async () => {
    const e = await rejection(worker.analyzeImage(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])))
    expect(e).toBeInstanceOf(AppError)
    expect(e).toMatchObject({ code: 'UNSUPPORTED_IMAGE' })
    expect((e as Error).message).toBe(((await rejection(inThread.analyzeImage(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])))) as Error).message)
  })

  it('rethrows errors with details (a models folder without its model files)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hh-worker-models-'))
    copyFileSync(join(defaultModelsDir(), 'manifest.json'), join(dir, 'manifest.json'))
    const empty = createWorkerFaceEngine({ modelsDir: dir })
    try {
      const e = await rejection(empty.detectFaces(readFileSync(happyHouse.camera(0))))
      expect(e).toBeInstanceOf(AppError)
      expect(e).toMatchObject({ code: 'MODELS_MISSING', details: { file: expect.any(String) } })
    } finally {
      await empty.dispose()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('fails the call in flight when the worker dies, and restarts on the next call', async () => {
    const bytes = readFileSync(happyHouse.camera(2))
    const expected = await inThread.analyzeImage(bytes, OPTS)
    await worker.analyzeImage(bytes, OPTS)
    const first = worker.worker!
    const inFlight = rejection(worker.analyzeImage(bytes, OPTS))
    await first.terminate()
    const e = await inFlight
    expect(e).toBeInstanceOf(AppError)
    expect(e).toMatchObject({ code: 'ENGINE_UNAVAILABLE', message: expect.stringMatching(/restarts on the next/) })
    expect(worker.worker).toBeNull()
    expectSameAnalysis(await worker.analyzeImage(bytes, OPTS), expected)
    expect(worker.worker).not.toBe(first)
  })

  it('lets a call in flight finish before dispose terminates the worker (a worker ended mid-session can crash the process)', async () => {
    const fresh = createWorkerFaceEngine()
    const bytes = readFileSync(happyHouse.camera(4))
    // The first call starts the worker, which creates its sessions for it: dispose comes in the middle.
    const call = fresh.detectFaces(bytes)
    await fresh.dispose()
    expect(fresh.worker).toBeNull()
    expect((await call).length).toBe((await inThread.detectFaces(bytes)).length)
  })

  it('terminates the worker on dispose and starts again when used after it', async () => {
    const bytes = readFileSync(happyHouse.camera(4))
    await worker.detectFaces(bytes)
    const running = worker.worker!
    const exited = new Promise<number>((resolve) => running.once('exit', resolve))
    await worker.dispose()
    expect(worker.worker).toBeNull()
    await exited
    expect((await worker.detectFaces(bytes)).length).toBe((await inThread.detectFaces(bytes)).length)
  })
})
