import { AppError } from '../../shared/errors'
import type { FaceQuality } from '../engine'
import type { QualityConfig } from './quality-config'

/** Machine reasons of a rejected photo (the UI translates them). */
export const QUALITY_REASONS = [
  'no-face',
  'multiple-faces',
  'too-small',
  'cut-off',
  'too-dark',
  'too-bright',
  'blurry',
  'turned',
  'tilted',
  'not-live'
] as const
export type QualityReason = (typeof QUALITY_REASONS)[number]

export interface QualityFailure {
  reason: QualityReason
  /** The measured figure (rounded for display). */
  measured: number
  /** The limit it failed against. */
  limit: number
  message: string
}

export type PhotoSource = 'file' | 'camera'

/** The figures the gates read from one embedded face. */
export interface GatedFace {
  quality: FaceQuality
  liveness: number | null
  /** Liveness crop side / face box side (the engine's livenessContext); null when not measured. */
  livenessContext?: number | null
}

/** A camera capture is live at the configured (calibrated) per-frame point, with context; unset limits refuse. */
function looksLive(face: GatedFace, config: QualityConfig): boolean {
  const { minLiveness, minLivenessContext } = config
  if (minLiveness === undefined || minLivenessContext === undefined || face.liveness === null) return false
  return face.liveness >= minLiveness && typeof face.livenessContext === 'number' && face.livenessContext >= minLivenessContext
}

const round1 = (v: number): number => Math.round(v * 10) / 10
const round3 = (v: number): number => Math.round(v * 1000) / 1000

/** Exactly one face, unless the caller asked for the largest of several. */
export function faceCountFailure(faceCount: number, pickLargest: boolean): QualityFailure | null {
  if (faceCount === 0) {
    return { reason: 'no-face', measured: 0, limit: 1, message: 'No face found: use a photo where one face is clearly visible' }
  }
  if (faceCount > 1 && !pickLargest) {
    return {
      reason: 'multiple-faces',
      measured: faceCount,
      limit: 1,
      message: `${faceCount} faces found: use a photo of this person alone (or ask for the largest face)`
    }
  }
  return null
}

/** A photo file whose face touches the edge is a tight crop, enrolled with the border and a warning. */
function tightCropAllowed(source: PhotoSource, config: QualityConfig): boolean {
  return source === 'file' && config.tightFileCrops === 'warn'
}

/** Something to tell the user about an accepted photo (it still enrolls). */
export interface QualityWarning {
  reason: 'tight-crop'
  message: string
}

/** Warnings for a face that passed every gate. */
export function qualityWarnings(face: GatedFace, source: PhotoSource, config: QualityConfig): QualityWarning[] {
  if (!face.quality.touchesBorder || !config.rejectFaceAtBorder || !tightCropAllowed(source, config)) return []
  return [{ reason: 'tight-crop', message: 'The face touches the edge of the photo: it was enrolled, but a photo with some background around the face recognises more reliably' }]
}

/** Every gate the face fails, most fundamental first (a dark photo also measures as blurry). */
export function qualityFailures(face: GatedFace, source: PhotoSource, config: QualityConfig): QualityFailure[] {
  const q = face.quality
  const failures: QualityFailure[] = []
  if (q.faceSizePx < config.minFaceSizePx) {
    failures.push({
      reason: 'too-small',
      measured: round1(q.faceSizePx),
      limit: config.minFaceSizePx,
      message: `Face too small: ${Math.round(q.faceSizePx)} px, at least ${config.minFaceSizePx} px needed: move closer or use a larger photo`
    })
  }
  if (config.rejectFaceAtBorder && q.touchesBorder && !tightCropAllowed(source, config)) {
    failures.push({ reason: 'cut-off', measured: 1, limit: 0, message: 'The face is cut by the edge of the picture: centre it' })
  }
  if (q.brightness < config.minBrightness) {
    failures.push({
      reason: 'too-dark',
      measured: round1(q.brightness),
      limit: config.minBrightness,
      message: `Face too dark (brightness ${Math.round(q.brightness)}, at least ${config.minBrightness}): add light`
    })
  }
  if (q.brightness > config.maxBrightness) {
    failures.push({
      reason: 'too-bright',
      measured: round1(q.brightness),
      limit: config.maxBrightness,
      message: `Face too bright (brightness ${Math.round(q.brightness)}, at most ${config.maxBrightness}): avoid direct light`
    })
  }
  if (q.sharpness < config.minSharpness) {
    failures.push({
      reason: 'blurry',
      measured: round1(q.sharpness),
      limit: config.minSharpness,
      message: `Photo too blurry (sharpness ${round1(q.sharpness)}, at least ${config.minSharpness}): hold still and focus`
    })
  }
  if (Math.abs(q.yawDeg) > config.maxYawDeg) {
    failures.push({
      reason: 'turned',
      measured: round1(q.yawDeg),
      limit: config.maxYawDeg,
      message: `Head turned too far (${Math.round(Math.abs(q.yawDeg))} degrees, at most ${config.maxYawDeg}): face the camera`
    })
  }
  if (Math.abs(q.rollDeg) > config.maxRollDeg) {
    failures.push({
      reason: 'tilted',
      measured: round1(q.rollDeg),
      limit: config.maxRollDeg,
      message: `Head tilted too far (${Math.round(Math.abs(q.rollDeg))} degrees, at most ${config.maxRollDeg}): hold it straight`
    })
  }
  if (source === 'camera' && !looksLive(face, config)) {
    failures.push({
      reason: 'not-live',
      measured: face.liveness === null ? 0 : round3(face.liveness),
      limit: config.minLiveness ?? 1,
      message: 'The capture does not look like a live person (a photo or a screen?): the person must stand in front of the camera'
    })
  }
  return failures
}

/** QUALITY_REJECTED with {reason, measured, limit} of the first failure, and every failure. */
export function qualityError(failures: readonly QualityFailure[], photoLabel?: string): AppError<'QUALITY_REJECTED'> {
  const [first] = failures
  const prefix = photoLabel ? `${photoLabel}: ` : ''
  return new AppError('QUALITY_REJECTED', prefix + first.message, {
    reason: first.reason,
    measured: first.measured,
    limit: first.limit,
    failures: failures.map(({ reason, measured, limit }) => ({ reason, measured, limit }))
  })
}

/**
 * One short instruction for guided camera capture. The yaw sign follows the engine (nose right of
 * the eye midpoint in the unmirrored image = positive): the person turns back the other way.
 */
export function captureHint(failure: QualityFailure | null): string {
  if (!failure) return 'ok'
  switch (failure.reason) {
    case 'multiple-faces':
      return 'several-faces'
    case 'too-small':
      return 'move-closer'
    case 'turned':
      return failure.measured > 0 ? 'turn-right' : 'turn-left'
    case 'tilted':
      return 'straighten'
    default:
      return failure.reason
  }
}
