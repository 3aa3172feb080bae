/**
 * Public types of the face engine. Other main-process code (CLI, store, door, IPC) uses these
 * through `src/main/engine/index.ts` only.
 */

/** Decoded pixels, 8 bits per channel, row-major, RGB or RGBA (interleaved). */
export interface RawImage {
  data: Uint8Array
  width: number
  height: number
  channels: 3 | 4
}

/** Encoded bytes (jpeg/png/webp/gif/tiff/avif... anything sharp decodes) or already-decoded pixels. */
export type ImageInput = Uint8Array | RawImage

/** Axis-aligned rectangle in pixels of the input image (after EXIF orientation). */
export interface Box {
  x: number
  y: number
  width: number
  height: number
}

export type Point = [number, number]

export interface DetectedFace {
  /** Square face box (side = detector box height, same centre), input-image pixels. */
  box: Box
  /** Detector confidence, 0..1. */
  score: number
  /** Eyes (subject's right then left as seen in the image: left-most first), nose tip, mouth corners. */
  landmarks5: Point[]
  /** The 68 iBUG points, input-image pixels. */
  landmarks68: Point[]
}

export interface FaceQuality {
  /** Side of the square face box, pixels. */
  faceSizePx: number
  /** Variance of the Laplacian over the aligned gray crop (higher = sharper). */
  sharpness: number
  /** Rough head yaw from the 5 points, degrees (0 = frontal). */
  yawDeg: number
  /** In-plane rotation of the eye line, degrees. */
  rollDeg: number
  /** Mean luma of the aligned crop, 0..255. */
  brightness: number
  /** The detected box was clipped by the image edge. */
  touchesBorder: boolean
}

export interface EmbeddedFace extends DetectedFace {
  /** L2-normalised embedding of the aligned face. */
  embedding: Float32Array
  /** p(live) from the liveness model, or null when liveness was not requested. */
  liveness: number | null
  /**
   * Liveness crop side / face box side (the model expects its boxScale, 2.7): under the operating
   * point's minContextScale the face has no context (tight crop) and its p(live) is not evidence.
   * Null when liveness was not requested.
   */
  livenessContext: number | null
  /** Eye state, or null when not requested. */
  eyes: EyeReading | null
  quality: FaceQuality
}

export interface EyeReading {
  /** p(eye closed) from the eye model, mean of both eyes. */
  closed: number
  /** Eye aspect ratio from the 68 points, mean of both eyes (about 0.3 open, lower when closing). */
  aspectRatio: number
}

/** The liveness models' calibrated operating points (models/manifest.json), for the access decision. */
export interface LivenessCalibration {
  passive: {
    logitClamp: number
    passAtLogit: number
    failBelowLogit: number
    windowMs: number
    minFrames: number
    minContextScale: number
  }
  eyes: {
    closedAtOrAbove: number
    openBelow: number
  }
}

export interface EngineOptions {
  /** Folder holding the *.onnx files (default: <repo>/models). */
  modelsDir?: string
  /** Path of manifest.json (default: <modelsDir>/manifest.json). */
  manifestPath?: string
  /** onnxruntime intra-op threads (default from the manifest: 1). */
  threads?: number
  /** Manifest id of the embedding model (default: the manifest's defaultEmbedding). */
  embeddingModel?: string
}

export interface MatchThresholds {
  /** Best k-fold L2 threshold on LFW (accuracy-optimal). */
  accuracy: number
  /** L2 distance at a false-accept rate, keyed by the rate, e.g. {"1e-3": 1.05}. */
  far: Record<string, number>
  /** Impostor tail: distance at each per-comparison FAR (the open-set threshold is read from it). */
  tail?: { far: number; distance: number }[]
  /** Impostor tail of residents' templates against other people's photos (the door compares templates). */
  templateTail?: { far: number; distance: number }[]
}

export interface DetectOptions {
  /** Still image (photo/ID crop): always pad before detection so faces touching the border survive. */
  still?: boolean
}

export interface EmbedOptions extends DetectOptions {
  /** Also run the liveness model (default false). */
  liveness?: boolean
  /** Also read the eye state (eye model + eye aspect ratio) for blink challenges (default false). */
  eyes?: boolean
  /** Embed at most this many faces, largest first (default: all). */
  maxFaces?: number
}

export interface FaceEngine {
  /** Embedding model id from the manifest, to be stored with every embedding. */
  readonly modelId: string
  /** Calibrated thresholds of that embedding model, from the manifest. */
  readonly thresholds: MatchThresholds
  /** Calibrated liveness operating points (passive model and eye model), from the manifest. */
  readonly livenessCalibration: LivenessCalibration
  /** Faces sorted largest first. */
  detectFaces(image: ImageInput, opts?: DetectOptions): Promise<DetectedFace[]>
  /** Faces sorted largest first, each embedded. */
  embedFaces(image: ImageInput, opts?: EmbedOptions): Promise<EmbeddedFace[]>
  /**
   * Every detected face (largest first) plus the first `maxFaces` of them embedded: one detection
   * pass when the caller needs both the subject's embedding and the other faces in the frame.
   */
  analyzeImage(image: ImageInput, opts?: EmbedOptions): Promise<ImageAnalysis>
  /** Releases the ONNX sessions; the engine reloads lazily if used again. */
  dispose(): Promise<void>
}

export interface ImageAnalysis {
  /** Every detected face, largest first. */
  faces: DetectedFace[]
  /** The first `maxFaces` of `faces`, embedded (same order). */
  embedded: EmbeddedFace[]
  /** Width and height of the decoded, EXIF-oriented image. */
  width: number
  height: number
}

export interface IdentifyResult {
  /** Nearest resident, or null when the nearest is farther than the threshold ("Not in the database"). */
  residentId: string | null
  /** Distance to the nearest resident (Infinity on an empty gallery). */
  distance: number
  /** Second-nearest resident (regardless of threshold), or null. */
  secondId: string | null
  secondDistance: number
  /** secondDistance - distance (Infinity when there is no second resident). */
  margin: number
  /** The nearest resident regardless of the threshold (for logs/UI), or null on an empty gallery. */
  nearestId: string | null
}

export interface VerifyResult {
  distance: number
  match: boolean
}

export interface LookAlike {
  a: string
  b: string
  distance: number
}
