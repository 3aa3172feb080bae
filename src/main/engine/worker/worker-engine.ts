/**
 * A FaceEngine that runs the real engine in a worker thread (worker_threads, also under Electron):
 * decoding and inference (tens of ms per frame) no longer hold the main thread's event loop, which
 * serves IPC, the door and the store meanwhile.
 *
 * - Lazy: the worker starts on the first call; dispose() terminates it, a later call starts a new one.
 * - A worker that dies (crash, native abort, terminate) fails the calls in flight with
 *   ENGINE_UNAVAILABLE; the next call starts a new worker.
 * - AppErrors thrown in the worker reach the caller with their code, message and details.
 * - Encoded images (JPEG/PNG: tens of KB) are copied into the message; decoded pixels (RawImage:
 *   about 1.2 MB at 640x480) are moved (ArrayBuffer transfer) and moved back into the caller's
 *   RawImage when the call ends: `image.data` is empty while the call runs.
 */
import type { Worker } from 'node:worker_threads'
import { AppError } from '../../../shared/errors'
import { createFaceEngine } from '../engine'
import type { DetectedFace, EmbeddedFace, EmbedOptions, EngineOptions, FaceEngine, ImageAnalysis, ImageInput, RawImage } from '../types'
import { errorFromWire, type EngineMethod, type EngineReply, type EngineRequest } from './protocol'
import { engineWorkerEntry, startWorker, type WorkerEntry } from './worker-entry'

interface Pending {
  resolve(value: unknown): void
  reject(e: Error): void
  raw: RawImage | null
}

export interface WorkerFaceEngine extends FaceEngine {
  /** The running worker, or null before the first call and after dispose or a crash (tests end it on purpose). */
  readonly worker: Worker | null
}

export interface WorkerEngineOptions extends EngineOptions {
  /** The worker's script (default: engineWorkerEntry(), the build's or the source's). */
  entry?: WorkerEntry
}

/** The bytes to send: a view into a larger buffer (a pooled Node Buffer) is cut out, not cloned whole. */
/**
 * dispose() lets the calls in flight end (at most this long) before it terminates the worker:
 * terminating a worker while onnxruntime is still creating a session or running on its behalf can
 * bring the whole process down (seen as a crashed Vitest fork when an app was disposed right after
 * start-up, while its models were loading).
 */
const DISPOSE_DRAIN_MS = 15_000

function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice()
}

export function createWorkerFaceEngine(opts: WorkerEngineOptions = {}): WorkerFaceEngine {
  const { entry, ...options } = opts
  // The manifest facts (model id, thresholds, liveness operating points) are needed synchronously;
  // creating an engine reads and validates the manifest only (MODELS_CORRUPT now, as in-thread), no session.
  // It also loads sharp on the main thread first, which sharp asks for before worker threads use it on Linux.
  const facts = createFaceEngine(options)
  let worker: Worker | null = null
  let nextId = 1
  const pending = new Map<number, Pending>()
  /** Every call not settled yet, for dispose() to wait for. */
  const inFlight = new Set<Promise<unknown>>()

  function failAll(error: AppError): void {
    for (const p of pending.values()) p.reject(error)
    pending.clear()
  }

  function onReply(reply: EngineReply): void {
    const p = pending.get(reply.id)
    if (!p) return
    pending.delete(reply.id)
    if (p.raw && reply.pixels) p.raw.data = new Uint8Array(reply.pixels)
    if (reply.ok) p.resolve(reply.value)
    else p.reject(errorFromWire(reply.error))
  }

  function start(): Worker {
    const w = startWorker(entry ?? engineWorkerEntry(), { options })
    let crash: Error | null = null
    w.on('message', onReply)
    w.on('error', (e) => {
      crash = e
      // The full error may name paths: it goes to the terminal, the caller gets a typed error.
      console.error('[engine] the face engine worker failed:', e)
    })
    w.on('exit', (code) => {
      if (worker === w) worker = null
      const why = crash ? 'failed' : `stopped (exit code ${code})`
      failAll(new AppError('ENGINE_UNAVAILABLE', `The face engine worker ${why} during this call; it restarts on the next one`))
    })
    return w
  }

  async function call<T>(method: EngineMethod, image: ImageInput, o?: EmbedOptions): Promise<T> {
    worker ??= start()
    const id = nextId++
    const req: EngineRequest = { id, method, image, opts: o }
    const transfer: ArrayBuffer[] = []
    let raw: RawImage | null = null
    if (image instanceof Uint8Array) req.image = ownBytes(image)
    else {
      raw = image
      const data = ownBytes(image.data)
      req.image = { ...image, data }
      transfer.push(data.buffer as ArrayBuffer)
    }
    const w = worker
    const result = new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, raw })
      w.postMessage(req, transfer)
    })
    const settled = result.then(
      () => undefined,
      () => undefined
    )
    inFlight.add(settled)
    void settled.then(() => inFlight.delete(settled))
    return result
  }

  return {
    modelId: facts.modelId,
    thresholds: facts.thresholds,
    livenessCalibration: facts.livenessCalibration,
    get worker() {
      return worker
    },
    detectFaces: (image: ImageInput, o?: EmbedOptions) => call<DetectedFace[]>('detectFaces', image, o),
    embedFaces: (image: ImageInput, o?: EmbedOptions) => call<EmbeddedFace[]>('embedFaces', image, o),
    analyzeImage: (image: ImageInput, o?: EmbedOptions) => call<ImageAnalysis>('analyzeImage', image, o),
    async dispose() {
      const w = worker
      if (!w) return
      worker = null
      let timer: ReturnType<typeof setTimeout> | undefined
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, DISPOSE_DRAIN_MS)))
      await Promise.race([Promise.all([...inFlight]), timeout])
      clearTimeout(timer)
      await w.terminate()
      failAll(new AppError('ENGINE_UNAVAILABLE', 'The face engine was stopped'))
    }
  }
}
