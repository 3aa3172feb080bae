/**
 * Entry of the engine worker thread: the real face engine (onnxruntime-node + sharp) runs here, so
 * inference never blocks the main thread's event loop. Built as its own entry (electron.vite.config.ts);
 * loaded from source through tsx's loader under Vitest and tsx (see worker-entry.ts).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { createFaceEngineWithInternals } from '../engine'
import type { EmbeddedFace, EngineOptions, ImageAnalysis, ImageInput } from '../types'
import { errorToWire, type EngineReply, type EngineRequest } from './protocol'
import { niceCurrentThread } from './thread-priority'

const port = parentPort
if (!port) throw new Error('engine-worker must run in a worker thread')
const { engine, internals } = createFaceEngineWithInternals((workerData as { options: EngineOptions }).options)
// Inference runs on this thread (onnxruntime-node runs a session on its caller): yield to the main thread.
niceCurrentThread(internals.manifest.runtime.workerThreadNice)

/** Embeddings get a buffer of their own, so the reply moves 2 KB each instead of cloning whatever they view. */
function ownEmbeddings(faces: EmbeddedFace[], transfer: ArrayBuffer[]): void {
  for (const face of faces) {
    if (face.embedding.byteOffset !== 0 || face.embedding.byteLength !== face.embedding.buffer.byteLength) face.embedding = face.embedding.slice()
    transfer.push(face.embedding.buffer as ArrayBuffer)
  }
}

/** Decoded pixels were moved here: they go back to the caller's RawImage, again without a copy. */
function pixelsOf(image: ImageInput | undefined): ArrayBuffer | undefined {
  return image && !(image instanceof Uint8Array) ? (image.data.buffer as ArrayBuffer) : undefined
}

async function handle(req: EngineRequest): Promise<{ reply: EngineReply; transfer: ArrayBuffer[] }> {
  const transfer: ArrayBuffer[] = []
  const pixels = pixelsOf(req.image)
  if (pixels) transfer.push(pixels)
  try {
    let value: unknown
    if (req.method === 'detectFaces') value = await engine.detectFaces(req.image, req.opts)
    else if (req.method === 'embedFaces') ownEmbeddings((value = await engine.embedFaces(req.image, req.opts)) as EmbeddedFace[], transfer)
    else ownEmbeddings(((value = await engine.analyzeImage(req.image, req.opts)) as ImageAnalysis).embedded, transfer)
    return { reply: { id: req.id, ok: true, value, pixels }, transfer }
  } catch (e) {
    return { reply: { id: req.id, ok: false, error: errorToWire(e), pixels }, transfer }
  }
}

port.on('message', (req: EngineRequest) => {
  void handle(req).then(({ reply, transfer }) => port.postMessage(reply, transfer))
})
