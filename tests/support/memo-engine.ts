import { createHash } from 'node:crypto'
import type { EmbedOptions, FaceEngine, ImageAnalysis, ImageInput } from '../../src/main/engine'

/**
 * The real face engine, remembering its analysis of each distinct frame: a harness that replays the
 * same camera frames in every liveness mode runs the models once per frame. Everything else goes to
 * the engine unchanged.
 */
export function memoizingEngine(engine: FaceEngine): FaceEngine {
  const cache = new Map<string, Promise<ImageAnalysis>>()
  const keyOf = (image: ImageInput, opts: EmbedOptions | undefined): string | null => {
    if (!(image instanceof Uint8Array)) return null
    return `${createHash('sha1').update(image).digest('hex')}:${JSON.stringify(opts ?? {})}`
  }
  return {
    get modelId() {
      return engine.modelId
    },
    get thresholds() {
      return engine.thresholds
    },
    get livenessCalibration() {
      return engine.livenessCalibration
    },
    detectFaces: (image, opts) => engine.detectFaces(image, opts),
    embedFaces: (image, opts) => engine.embedFaces(image, opts),
    analyzeImage(image, opts) {
      const key = keyOf(image, opts)
      if (key === null) return engine.analyzeImage(image, opts)
      let hit = cache.get(key)
      if (!hit) {
        hit = engine.analyzeImage(image, opts)
        cache.set(key, hit)
        hit.catch(() => cache.delete(key))
      }
      return hit
    },
    // The harness owns the engine's life: apps that share it must not close its sessions.
    dispose: async () => {}
  }
}
