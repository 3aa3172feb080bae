/** createFaceEngine: manifest + lazy sessions + decoding around the pipeline. */
import type { CpuFeatures } from './cpu-features'
import { decodeImage } from './decode'
import { loadManifest, modelFor, type Manifest } from './manifest'
import { defaultManifestPath, defaultModelsDir } from './model-files'
import { FacePipeline, publicFace } from './pipeline'
import { SessionPool } from './sessions'
import type { EmbeddedFace, EngineOptions, FaceEngine, ImageAnalysis, LivenessCalibration, MatchThresholds } from './types'

/** Engine options that only benchmarks and experiments need. */
export interface InternalEngineOptions extends EngineOptions {
  /** Override the manifest's flip test-time augmentation switch. */
  flipTta?: boolean
  /** onnxruntime busy-wait of idle threads (manifest default: off). */
  allowSpinning?: boolean
  /** The CPU the prepared-file variants are picked for (default: this machine's, cpu-features.ts). */
  cpu?: CpuFeatures
}

export interface EngineInternals {
  manifest: Manifest
  pipeline: FacePipeline
  modelsDir: string
}

function buildPipeline(opts: InternalEngineOptions): EngineInternals {
  const modelsDir = opts.modelsDir ?? defaultModelsDir()
  const manifest = loadManifest(opts.manifestPath ?? defaultManifestPath(modelsDir))
  const embedding = modelFor(manifest, opts.embeddingModel ?? manifest.defaults.embedding, 'embedding')
  const detector = modelFor(manifest, manifest.defaults.detector, 'detector')
  const { cameraDetector } = manifest.defaults
  const models = {
    detector,
    cameraDetector: cameraDetector ? modelFor(manifest, cameraDetector, 'detector') : detector,
    landmarks: modelFor(manifest, manifest.defaults.landmarks, 'landmarks'),
    embedding: opts.flipTta === undefined ? embedding : { ...embedding, flipTta: opts.flipTta },
    liveness: modelFor(manifest, manifest.defaults.liveness, 'liveness'),
    eye: modelFor(manifest, manifest.defaults.eye, 'eye')
  }
  const sessions = new SessionPool(modelsDir, {
    threads: opts.threads ?? manifest.runtime.intraOpThreads,
    allowSpinning: opts.allowSpinning ?? manifest.runtime.allowSpinning,
    graphOptimizationLevel: manifest.runtime.graphOptimizationLevel,
    denormalAsZero: manifest.runtime.denormalAsZero
  }, opts.cpu)
  return { manifest, modelsDir, pipeline: new FacePipeline(models, manifest.pipeline, sessions) }
}

/** The operating points of the liveness and eye models, as the access decision reads them. */
function livenessCalibrationOf(pipeline: FacePipeline): LivenessCalibration {
  const { calibration: _passiveNote, ...passive } = pipeline.models.liveness.operatingPoint
  const { closedAtOrAbove, openBelow } = pipeline.models.eye
  return { passive, eyes: { closedAtOrAbove, openBelow } }
}

/** The engine plus its internals (for benchmarks that time single stages). */
export function createFaceEngineWithInternals(opts: InternalEngineOptions = {}): { engine: FaceEngine; internals: EngineInternals } {
  const internals = buildPipeline(opts)
  const { pipeline, manifest } = internals
  const { thresholds, id } = pipeline.models.embedding
  const matchThresholds: MatchThresholds = { accuracy: thresholds.accuracy, far: { ...thresholds.far } }
  if (thresholds.tail) matchThresholds.tail = thresholds.tail.rows.map(({ far, distance }) => ({ far, distance }))
  if (thresholds.templateTail) matchThresholds.templateTail = thresholds.templateTail.rows.map(({ far, distance }) => ({ far, distance }))
  const livenessCalibration = livenessCalibrationOf(pipeline)

  async function analyzeImage(image: Parameters<FaceEngine['analyzeImage']>[0], o: Parameters<FaceEngine['analyzeImage']>[1] = {}): Promise<ImageAnalysis> {
    const img = await decodeImage(image, manifest.pipeline.maxInputPixels)
    await pipeline.warmUp()
    const faces = await pipeline.detectFaces(img, o.still ?? false)
    const limit = Math.min(faces.length, o.maxFaces ?? faces.length)
    const embedded: EmbeddedFace[] = []
    for (let i = 0; i < limit; i++) embedded.push(await pipeline.embedFace(img, faces[i], o.liveness ?? false, o.eyes ?? false))
    return { faces: faces.map(publicFace), embedded, width: img.width, height: img.height }
  }

  const engine: FaceEngine = {
    modelId: id,
    thresholds: matchThresholds,
    livenessCalibration,
    analyzeImage,
    async detectFaces(image, o = {}) {
      const img = await decodeImage(image, manifest.pipeline.maxInputPixels)
      await pipeline.warmUp()
      return (await pipeline.detectFaces(img, o.still ?? false)).map(publicFace)
    },
    async embedFaces(image, o = {}) {
      return (await analyzeImage(image, o)).embedded
    },
    async dispose() {
      await pipeline.releaseSessions()
    }
  }
  return { engine, internals }
}

/**
 * A face engine over the manifest's models. Cheap to create: the manifest is read and validated
 * now (MODELS_CORRUPT if invalid); model files are verified against their sha256 and loaded on
 * first use, once (MODELS_MISSING / MODELS_CORRUPT naming `npm run models`).
 */
export function createFaceEngine(opts: EngineOptions = {}): FaceEngine {
  return createFaceEngineWithInternals(opts).engine
}
