/**
 * The face pipeline over decoded RGB pixels: detect -> landmarks -> align -> embed (+ liveness).
 * Each stage is a separate method so benchmarks can time them; the engine composes them.
 */
import { combineEmbeddings, embeddingInputs } from './embed'
import { bestFaceScore, decodeDetections, detectorFrame, detectorInput, type RawDetection } from './detect'
import { boxArea, squareByHeight, touchesImageBorder } from './geometry'
import type { RgbImage } from './image-ops'
import { decodeLandmarks, fivePoints, landmarkInput } from './landmarks'
import { eyeAspectRatio, eyeClosedProbability, eyeInput, eyeRegion } from './eye'
import { livenessContextScale, livenessInput, livenessScore } from './liveness'
import { inputDims, type DetectorSpec, type EmbeddingSpec, type EyeSpec, type LandmarksSpec, type LivenessSpec, type PipelineConfig } from './manifest'
import type { ModelSession } from './onnx-runtime'
import { faceQuality } from './quality'
import type { SessionPool } from './sessions'
import type { DetectedFace, EmbeddedFace, EyeReading, FaceQuality } from './types'

type WithId<T> = T & { id: string }
type DetectorRole = 'detector' | 'cameraDetector'

export interface PipelineModels {
  /** Stills, and every padded re-detection of a camera frame. */
  detector: WithId<DetectorSpec>
  /** The first, unpadded pass over a camera frame (manifest defaults.cameraDetector, else `detector`). */
  cameraDetector: WithId<DetectorSpec>
  landmarks: WithId<LandmarksSpec>
  embedding: WithId<EmbeddingSpec>
  liveness: WithId<LivenessSpec>
  eye: WithId<EyeSpec>
}

/** A detected face plus what later stages need. */
export interface FaceCandidate extends DetectedFace {
  touchesBorder: boolean
}

export class FacePipeline {
  /** Camera frames without a face since the last padded retry (see detect). */
  private emptySinceRetry = 0
  /** The last camera face was found only with the border: the next empty frame retries at once. */
  private lastFoundPadded = false
  /** The last camera frame's faces needed the border: the next frame starts with the padded pass. */
  private paddedStreak = false
  /** Detector passes run so far, unpadded (camera frames' first pass) and padded (stills, re-detections). */
  readonly detectorPasses = { unpadded: 0, padded: 0 }

  constructor(
    readonly models: PipelineModels,
    readonly config: PipelineConfig,
    private readonly sessions: SessionPool
  ) {}

  /** Opens (and verifies) the detection, landmark and embedding models; liveness and eyes stay lazy. */
  async warmUp(): Promise<void> {
    await Promise.all([this.session('detector'), this.session('cameraDetector'), this.session('landmarks'), this.session('embedding')])
  }

  /** Closes every session; they reopen lazily on the next call. */
  releaseSessions(): Promise<void> {
    return this.sessions.releaseAll()
  }

  /** The (lazily opened) session of one of the pipeline's models. */
  session(role: keyof PipelineModels): Promise<ModelSession> {
    return this.sessions.get(this.models[role])
  }

  /** One detector pass over the image with `padPx` of black border. */
  async detectRaw(img: RgbImage, padPx: number, role: DetectorRole = 'detector'): Promise<RawDetection[]> {
    return (await this.runDetector(img, padPx, role)).detections
  }

  /** One detector pass: the faces, and the best face score of any anchor (for the no-face retry). */
  private async runDetector(img: RgbImage, padPx: number, role: DetectorRole): Promise<{ detections: RawDetection[]; bestScore: number }> {
    const spec = this.models[role]
    const frame = detectorFrame(img.width, img.height, padPx)
    const session = await this.session(role)
    if (padPx > 0) this.detectorPasses.padded++
    else this.detectorPasses.unpadded++
    const out = await session.run({ [spec.input.name]: { data: detectorInput(img, frame, spec), dims: inputDims(spec.input) } })
    const scores = out[spec.outputs.scores.name].data
    const boxes = out[spec.outputs.boxes.name].data
    return { detections: decodeDetections(scores, boxes, frame, spec), bestScore: bestFaceScore(scores, boxes.length / 4, spec) }
  }

  /**
   * Face boxes, largest first. Stills are always padded; camera frames are re-detected with the
   * padding when a face touches the edge or fills most of the frame (tight crops break the
   * detector's box and so the landmarks and alignment).
   */
  async detect(img: RgbImage, still: boolean): Promise<RawDetection[]> {
    const detections = still ? await this.detectRaw(img, this.config.stillImagePadPx) : await this.detectCameraFrame(img)
    return detections.sort((a, b) => boxArea(b.box) - boxArea(a.box))
  }

  /**
   * A camera frame: the camera detector's unpadded pass, then the padded one when a face needs the
   * border, or when none was found and the retry rule says so. While the faces keep needing the
   * border (someone close to the camera), frames go straight to the padded pass: the unpadded one
   * would only lead there again.
   */
  private async detectCameraFrame(img: RgbImage): Promise<RawDetection[]> {
    const { stillImagePadPx: pad, padWhenBoxTouchesBorder } = this.config
    if (this.paddedStreak && pad > 0) {
      const detections = await this.detectRaw(img, pad)
      this.paddedStreak = detections.some((d) => this.needsPadding(img, d))
      // Nobody found even with the border: as a retry that found nothing.
      if (detections.length === 0) this.emptySinceRetry = 0
      this.lastFoundPadded = false
      return detections
    }
    const first = await this.runDetector(img, 0, 'cameraDetector')
    if (padWhenBoxTouchesBorder && pad > 0 && first.detections.some((d) => this.needsPadding(img, d))) {
      const detections = await this.detectRaw(img, pad)
      this.paddedStreak = detections.some((d) => this.needsPadding(img, d))
      this.lastFoundPadded = false
      return detections
    }
    if (first.detections.length === 0 && this.retryEmptyFrame(first.bestScore)) {
      const detections = await this.detectRaw(img, pad)
      this.lastFoundPadded = detections.length > 0
      this.paddedStreak = this.lastFoundPadded
      return detections
    }
    this.lastFoundPadded = false
    return first.detections
  }

  /** Should a camera frame without a face be detected again with the border? (see padRetryWhenNoFace) */
  private retryEmptyFrame(bestScore: number): boolean {
    const rule = this.config.padRetryWhenNoFace
    if (!rule || this.config.stillImagePadPx === 0) return false
    this.emptySinceRetry++
    if (!this.lastFoundPadded && bestScore < rule.nearMissScore && this.emptySinceRetry < rule.everyNthEmptyFrame) return false
    this.emptySinceRetry = 0
    return true
  }

  /** Faces at the edge or filling most of the frame are detected and landmarked badly without a border. */
  private needsPadding(img: RgbImage, d: RawDetection): boolean {
    const f = this.config.padWhenFaceFraction
    return this.touches(img, d) || d.box.height > f * img.height || d.box.width > f * img.width
  }

  private touches(img: RgbImage, d: RawDetection): boolean {
    return touchesImageBorder(d.box, img.width, img.height, this.config.borderTouchTolerancePx)
  }

  async landmarks(img: RgbImage, detection: RawDetection): Promise<FaceCandidate> {
    const spec = this.models.landmarks
    const box = squareByHeight(detection.box)
    const session = await this.session('landmarks')
    const out = await session.run({ [spec.input.name]: { data: landmarkInput(img, box, spec), dims: inputDims(spec.input) } })
    const landmarks68 = decodeLandmarks(out[spec.outputs.points.name].data, box, spec)
    return { box, score: detection.score, landmarks68, landmarks5: fivePoints(landmarks68, spec), touchesBorder: this.touches(img, detection) }
  }

  async detectFaces(img: RgbImage, still: boolean): Promise<FaceCandidate[]> {
    const detections = await this.detect(img, still)
    const faces: FaceCandidate[] = []
    for (const d of detections) faces.push(await this.landmarks(img, d))
    return faces
  }

  /** Aligned crop + embedding (flip TTA per manifest) + quality. */
  async embed(img: RgbImage, face: FaceCandidate): Promise<{ embedding: Float32Array; quality: FaceQuality }> {
    const spec = this.models.embedding
    const { aligned, inputs } = embeddingInputs(img, face.landmarks5, spec)
    const session = await this.session('embedding')
    const outputs: Float32Array[] = []
    for (const data of inputs) {
      const out = await session.run({ [spec.input.name]: { data, dims: inputDims(spec.input) } })
      outputs.push(out[spec.outputs.embedding.name].data)
    }
    return {
      embedding: combineEmbeddings(outputs, spec.dimension),
      quality: faceQuality(aligned, face.landmarks5, face.box, face.touchesBorder, this.config)
    }
  }

  async liveness(img: RgbImage, face: FaceCandidate): Promise<number> {
    const spec = this.models.liveness
    const session = await this.session('liveness')
    const out = await session.run({ [spec.input.name]: { data: livenessInput(img, face.box, spec), dims: inputDims(spec.input) } })
    return livenessScore(out[spec.outputs.logits.name].data, spec)
  }

  /** Eye model on both eyes' crops, and the eye aspect ratio from the landmarks. */
  async eyes(img: RgbImage, face: FaceCandidate): Promise<EyeReading> {
    const spec = this.models.eye
    const session = await this.session('eye')
    let closed = 0
    let aspectRatio = 0
    for (const eye of spec.eyes) {
      const data = eyeInput(img, eyeRegion(face.landmarks68, eye, spec.eyeBoxScale), spec)
      const out = await session.run({ [spec.input.name]: { data, dims: inputDims(spec.input) } })
      closed += eyeClosedProbability(out[spec.outputs.logits.name].data, spec)
      aspectRatio += eyeAspectRatio(face.landmarks68, eye)
    }
    return { closed: closed / spec.eyes.length, aspectRatio: aspectRatio / spec.eyes.length }
  }

  async embedFace(img: RgbImage, face: FaceCandidate, withLiveness: boolean, withEyes = false): Promise<EmbeddedFace> {
    const { embedding, quality } = await this.embed(img, face)
    const liveness = withLiveness ? await this.liveness(img, face) : null
    const livenessContext = withLiveness ? livenessContextScale(face.box, img.width, img.height, this.models.liveness.boxScale) : null
    const eyes = withEyes ? await this.eyes(img, face) : null
    return { ...publicFace(face), embedding, liveness, livenessContext, eyes, quality }
  }
}

export function publicFace(face: FaceCandidate): DetectedFace {
  return { box: face.box, score: face.score, landmarks5: face.landmarks5, landmarks68: face.landmarks68 }
}
