import { AppError } from '../../shared/errors'
import type { Gallery } from './gallery'
import type { DetectedFace, EmbeddedFace, FaceEngine, IdentifyResult, ImageInput, VerifyResult } from './types'

export interface RecognizeOptions {
  /** L2 threshold; default: the engine's calibrated `thresholds.accuracy`. */
  threshold?: number
  /** Still photo rather than a camera frame (pads before detection). Default false. */
  still?: boolean
  /** Also score liveness of the subject. Default false. */
  liveness?: boolean
  /** Throw MULTIPLE_FACES when more than one face is found, instead of taking the largest. */
  requireSingleFace?: boolean
}

interface SubjectResult {
  /** The subject: the largest face, embedded. */
  face: EmbeddedFace
  /** The other faces in the image (not embedded), largest first. */
  otherFaces: DetectedFace[]
  /** The threshold that was applied. */
  threshold: number
}

export type IdentifyImageResult = IdentifyResult & SubjectResult
export type VerifyImageResult = VerifyResult & SubjectResult

/**
 * Embeds the subject of an image: the largest face. NO_FACE when there is none; MULTIPLE_FACES
 * when `requireSingleFace` and several faces are present.
 */
export async function embedSubject(
  engine: FaceEngine,
  image: ImageInput,
  opts: Pick<RecognizeOptions, 'still' | 'liveness' | 'requireSingleFace'> = {}
): Promise<{ face: EmbeddedFace; otherFaces: DetectedFace[] }> {
  const analysis = await engine.analyzeImage(image, { still: opts.still, liveness: opts.liveness, maxFaces: 1 })
  const face = analysis.embedded[0]
  if (!face) throw new AppError('NO_FACE', 'No face found in the image: face the camera, or use a photo where the face is clearly visible')
  if (opts.requireSingleFace && analysis.faces.length > 1) {
    throw new AppError('MULTIPLE_FACES', `${analysis.faces.length} faces found where exactly one is required: use a photo of one person`, {
      faces: analysis.faces.length
    })
  }
  return { face, otherFaces: analysis.faces.slice(1) }
}

/** The seed's who_is_it: the nearest enrolled resident of the image's subject, or unknown. */
export async function identifyImage(
  engine: FaceEngine,
  gallery: Gallery,
  image: ImageInput,
  opts: RecognizeOptions = {}
): Promise<IdentifyImageResult> {
  const threshold = opts.threshold ?? engine.thresholds.accuracy
  const subject = await embedSubject(engine, image, opts)
  return { ...gallery.identify(subject.face.embedding, threshold), ...subject, threshold }
}

/** The seed's verify: is the image's subject this resident? */
export async function verifyImage(
  engine: FaceEngine,
  gallery: Gallery,
  image: ImageInput,
  residentId: string,
  opts: RecognizeOptions = {}
): Promise<VerifyImageResult> {
  const threshold = opts.threshold ?? engine.thresholds.accuracy
  const subject = await embedSubject(engine, image, opts)
  return { ...gallery.verify(subject.face.embedding, residentId, threshold), ...subject, threshold }
}
