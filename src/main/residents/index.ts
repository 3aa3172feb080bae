/** Enrollment of residents: quality gates, duplicate check, thumbnails, look-alikes. */
export {
  createEnrollmentService,
  type EnrollmentService,
  type EnrollOptions,
  type EnrollResult,
  type EnrollAdvice,
  photoAdvice,
  type PhotoRejection,
  type CaptureCheck
} from './enrollment'
export { galleryFromStore, galleryMix, lookAlikeReport, type LookAlikeReport } from './gallery'
export { QUALITY_REASONS, type QualityReason, type QualityFailure, type PhotoSource } from './quality-gates'
export { DEFAULT_QUALITY_CONFIG, parseQualityConfig, qualityConfigSchema, type QualityConfig, type QualityConfigInput } from './quality-config'
export { makeFaceThumbnail } from './thumbnail'
