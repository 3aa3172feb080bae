import type { PhotoErrorCode, PhotoFailureDetails } from '../../shared/error-details'
import { AppError, isAppError } from '../../shared/errors'
import type { EmbeddedFace, FaceEngine, ImageInput } from '../engine'
import type { NewPhoto, ResidentSummary, Store } from '../store'
import { normalizeResidentName } from '../store'
import { galleryFromStore, lookAlikeReport, type LookAlikeReport } from './gallery'
import { assertBelongsTo, assertConsistentPhotos, assertNotEnrolled } from './identity-checks'
import { sigmoid, type PassiveReading } from '../access'
import { judgeCaptureSet } from '../liveness/enrollment-gate'
import { parseQualityConfig, resolveThreshold, type QualityConfig, type QualityConfigInput } from './quality-config'
import { captureHint, faceCountFailure, qualityError, qualityFailures, qualityWarnings, type PhotoSource, type QualityFailure } from './quality-gates'
import { makeFaceThumbnail } from './thumbnail'

export interface EnrollOptions {
  /** Where the photos come from: camera captures are also checked for liveness. */
  source: PhotoSource
  /** Take the largest face when a photo holds several (default: refuse such photos). */
  pickLargest?: boolean
  /** The user confirmed a NEEDS_CONFIRMATION warning (same face as another resident...). */
  confirm?: boolean
}

export interface PhotoRejection {
  /** Position of the photo in the request. */
  index: number
  /** AppError code: QUALITY_REJECTED, or DECODE_FAILED / UNSUPPORTED_IMAGE / IMAGE_TOO_LARGE / EMPTY_INPUT. */
  code: string
  /** Machine reason ('blurry', 'too-small', 'no-face', 'unreadable'...). */
  reason: string
  message: string
  measured?: number
  limit?: number
}

export interface EnrollResult {
  resident: ResidentSummary
  accepted: { index: number; photoId: string }[]
  rejected: PhotoRejection[]
  /** Accepted photos with something to improve (e.g. 'tight-crop': the face touches the edge). */
  warnings: { index: number; reason: string; message: string }[]
  /** About the resident as a whole: 'few-photos' when they have fewer than config.recommendedPhotos. */
  advice: EnrollAdvice[]
  /** Look-alike pairs (triplet-margin check) involving this resident after the change. */
  lookAlikes: LookAlikeReport[]
}

export interface EnrollAdvice {
  reason: 'few-photos'
  photos: number
  recommended: number
  message: string
}

/**
 * Fewer photos than recommended is allowed (a warning, not a refusal): one good photo recognises
 * most people, but the door's threshold is set for strangers, and a resident photographed in one
 * light and pose only is more often asked to try again.
 */
export function photoAdvice(photos: number, recommended: number): EnrollAdvice[] {
  if (photos >= recommended) return []
  return [
    {
      reason: 'few-photos',
      photos,
      recommended,
      message: `${photos} photo${photos === 1 ? '' : 's'} enrolled; ${recommended} are recommended: photos in different light and from slightly different angles let the door recognise this resident more reliably without being more lenient with strangers`
    }
  ]
}

/** Live feedback on one camera frame for guided capture; nothing is stored. */
export interface CaptureCheck {
  ok: boolean
  /** 'ok' or what to fix: 'no-face', 'several-faces', 'move-closer', 'too-dark', 'too-bright', 'blurry', 'turn-left', 'turn-right', 'straighten', 'not-live', 'cut-off'. */
  hint: string
  failure: QualityFailure | null
  box: { x: number; y: number; width: number; height: number } | null
  width: number
  height: number
}

/** A photo that passed the gates. */
interface AcceptedPhoto {
  index: number
  face: EmbeddedFace
  photo: NewPhoto
}

export interface EnrollmentService {
  readonly config: QualityConfig
  /** New resident from one or more photos. Throws QUALITY_REJECTED when no photo passes, NEEDS_CONFIRMATION for a look-alike. */
  enroll(name: string, photos: readonly ImageInput[], opts: EnrollOptions): Promise<EnrollResult>
  /** More photos for an existing resident (same rules; a photo that looks like someone else needs confirmation). */
  addPhotos(residentId: string, photos: readonly ImageInput[], opts: EnrollOptions): Promise<EnrollResult>
  /** Runs the quality gates on one image without storing anything (throws QUALITY_REJECTED). */
  checkPhoto(photo: ImageInput, opts: Omit<EnrollOptions, 'confirm'>): Promise<EmbeddedFace>
  /** Guided capture feedback on one camera frame. */
  checkCapture(frame: ImageInput): Promise<CaptureCheck>
  /** Every pair of residents too close to each other. */
  lookAlikes(): LookAlikeReport[]
}

function rejectionOf(index: number, error: unknown): PhotoRejection {
  if (!isAppError(error)) throw error
  // Photo errors carry PhotoFailureDetails; any other code gives no figures.
  const details: PhotoFailureDetails = (error.details ?? {}) as PhotoFailureDetails
  return {
    index,
    code: error.code,
    reason: typeof details.reason === 'string' ? details.reason : 'unreadable',
    message: error.message,
    ...(typeof details.measured === 'number' ? { measured: details.measured } : {}),
    ...(typeof details.limit === 'number' ? { limit: details.limit } : {})
  }
}

/** A capture that passed alone but belongs to a set that does not look live. */
function notLiveSet(index: number, meanLogit: number | null, passAtLogit: number): PhotoRejection {
  const figure = meanLogit === null ? 'no capture with enough background' : `mean log-odds ${meanLogit.toFixed(2)}, at least ${passAtLogit} needed`
  return {
    index,
    code: 'QUALITY_REJECTED',
    reason: 'not-live',
    message: `These captures do not look like a live person (${figure}): a photo or a screen? The person must stand in front of the camera`,
    limit: passAtLogit,
    ...(meanLogit === null ? {} : { measured: Math.round(meanLogit * 100) / 100 })
  }
}

function photoLabel(index: number, total: number): string | undefined {
  return total > 1 ? `Photo ${index + 1}` : undefined
}

export function createEnrollmentService(deps: { store: Store; engine: FaceEngine; config?: QualityConfigInput }): EnrollmentService {
  const { store, engine } = deps
  const { passive } = engine.livenessCalibration
  // Camera enrollment requires liveness at the passive model's calibrated per-frame point (B,G,R input).
  const config = parseQualityConfig({ minLiveness: sigmoid(passive.passAtLogit), minLivenessContext: passive.minContextScale, ...deps.config })

  /** `readings` collects the liveness reading of every analysed face (camera requests are judged as a set). */
  async function gatedFace(image: ImageInput, opts: Omit<EnrollOptions, 'confirm'>, label?: string, readings?: PassiveReading[]): Promise<EmbeddedFace> {
    const analysis = await engine.analyzeImage(image, { still: opts.source === 'file', liveness: opts.source === 'camera', maxFaces: 1 })
    const countFailure = faceCountFailure(analysis.faces.length, opts.pickLargest ?? false)
    if (countFailure) throw qualityError([countFailure], label)
    const face = analysis.embedded[0]
    const failures = qualityFailures(face, opts.source, config)
    // Only proper captures (every gate but liveness passed) count towards the set's liveness.
    if (failures.every((f) => f.reason === 'not-live')) {
      readings?.push({ liveness: face.liveness, livenessContext: face.livenessContext, touchesBorder: face.quality.touchesBorder })
    }
    if (failures.length > 0) throw qualityError(failures, label)
    return face
  }

  async function acceptPhotos(
    photos: readonly ImageInput[],
    opts: EnrollOptions
  ): Promise<{ accepted: AcceptedPhoto[]; rejected: PhotoRejection[]; warnings: EnrollResult['warnings'] }> {
    if (!Array.isArray(photos) || photos.length === 0) throw new AppError('EMPTY_INPUT', 'At least one photo is required')
    if (opts.source !== 'file' && opts.source !== 'camera') throw new AppError('INVALID_PAYLOAD', 'The photo source must be "file" or "camera"')
    let accepted: AcceptedPhoto[] = []
    const rejected: PhotoRejection[] = []
    const readings: PassiveReading[] = []
    for (let index = 0; index < photos.length; index++) {
      try {
        const face = await gatedFace(photos[index], opts, photoLabel(index, photos.length), readings)
        const thumbnailJpeg = await makeFaceThumbnail(photos[index], face.box, config.thumbnail)
        accepted.push({
          index,
          face,
          photo: {
            modelId: engine.modelId,
            embedding: face.embedding,
            quality: {
              faceSizePx: face.quality.faceSizePx,
              sharpness: face.quality.sharpness,
              yawDeg: face.quality.yawDeg,
              rollDeg: face.quality.rollDeg,
              brightness: face.quality.brightness,
              detectorScore: Math.min(1, Math.max(0, face.score)),
              liveness: face.liveness
            },
            thumbnailJpeg,
            source: opts.source
          }
        })
      } catch (e) {
        rejected.push(rejectionOf(index, e))
      }
    }
    if (opts.source === 'camera' && accepted.length > 0) {
      const verdict = judgeCaptureSet(readings, passive)
      if (!verdict.live) {
        rejected.push(...accepted.map((a) => notLiveSet(a.index, verdict.meanLogit, passive.passAtLogit)))
        rejected.sort((a, b) => a.index - b.index)
        accepted = []
      }
    }
    const warnings = accepted.flatMap((a) => qualityWarnings(a.face, opts.source, config).map((w) => ({ index: a.index, ...w })))
    if (accepted.length === 0) {
      const first = rejected[0]
      const details: PhotoFailureDetails = { reason: first.reason, rejected }
      if (first.measured !== undefined) details.measured = first.measured
      if (first.limit !== undefined) details.limit = first.limit
      const summary = photos.length === 1 ? first.message : `No photo passed the quality checks (${photos.length} tried). ${first.message}`
      // The first refusal's code: every photo error's details are PhotoFailureDetails.
      throw new AppError(first.code as PhotoErrorCode, summary, details)
    }
    return { accepted, rejected, warnings }
  }

  function nameOf(id: string): string {
    return store.residents.get(id).name
  }

  return {
    config,

    async enroll(rawName, photos, opts) {
      const name = normalizeResidentName(rawName)
      const existing = store.residents.findByName(name)
      if (existing) {
        throw new AppError('CONFLICT', `A resident named "${existing.name}" already exists: add photos to them, or choose another name`, {
          kind: 'name',
          name: existing.name,
          residentId: existing.id
        })
      }
      const { accepted, rejected, warnings } = await acceptPhotos(photos, opts)
      if (!opts.confirm) {
        const candidates = accepted.map((a) => ({ index: a.index, embedding: a.face.embedding }))
        const gallery = galleryFromStore(store)
        assertConsistentPhotos(candidates, resolveThreshold(config.consistencyThreshold, engine.thresholds, 1), name)
        assertNotEnrolled(gallery, candidates, resolveThreshold(config.duplicateThreshold, engine.thresholds, gallery.size), name, nameOf)
      }
      const resident = await store.residents.create({ name, photos: accepted.map((a) => a.photo) })
      return {
        resident,
        accepted: accepted.map((a, i) => ({ index: a.index, photoId: resident.photos[i].id })),
        rejected,
        warnings,
        advice: photoAdvice(resident.photos.length, config.recommendedPhotos),
        lookAlikes: lookAlikeReport(store, resident.id)
      }
    },

    async addPhotos(residentId, photos, opts) {
      const target = store.residents.get(residentId)
      const { accepted, rejected, warnings } = await acceptPhotos(photos, opts)
      if (!opts.confirm) {
        const candidates = accepted.map((a) => ({ index: a.index, embedding: a.face.embedding }))
        const gallery = galleryFromStore(store)
        const thresholds = {
          duplicate: resolveThreshold(config.duplicateThreshold, engine.thresholds, gallery.size),
          consistency: resolveThreshold(config.consistencyThreshold, engine.thresholds, 1)
        }
        assertConsistentPhotos(candidates, thresholds.consistency, target.name)
        assertBelongsTo(gallery, candidates, target, thresholds, nameOf)
      }
      const added = await store.residents.addPhotos(
        residentId,
        accepted.map((a) => a.photo)
      )
      const resident = store.residents.get(residentId)
      return {
        resident,
        accepted: accepted.map((a, i) => ({ index: a.index, photoId: added[i].id })),
        rejected,
        warnings,
        advice: photoAdvice(resident.photos.length, config.recommendedPhotos),
        lookAlikes: lookAlikeReport(store, residentId)
      }
    },

    checkPhoto(photo, opts) {
      return gatedFace(photo, opts)
    },

    async checkCapture(frame) {
      const analysis = await engine.analyzeImage(frame, { still: false, liveness: true, maxFaces: 1 })
      const face = analysis.embedded[0] ?? null
      const failure = faceCountFailure(analysis.faces.length, false) ?? (face ? (qualityFailures(face, 'camera', config)[0] ?? null) : null)
      return {
        ok: failure === null,
        hint: captureHint(failure),
        failure,
        box: face ? { ...face.box } : null,
        width: analysis.width,
        height: analysis.height
      }
    },

    lookAlikes() {
      return lookAlikeReport(store)
    }
  }
}
