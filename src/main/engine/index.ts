/** Public API of the face engine: everything outside src/main/engine imports from here only. */
export type {
  Box,
  DetectOptions,
  DetectedFace,
  EmbedOptions,
  EmbeddedFace,
  EngineOptions,
  EyeReading,
  LivenessCalibration,
  FaceEngine,
  FaceQuality,
  IdentifyResult,
  ImageAnalysis,
  ImageInput,
  LookAlike,
  MatchThresholds,
  Point,
  RawImage,
  VerifyResult
} from './types'
export { createFaceEngine } from './engine'
export { createWorkerFaceEngine } from './worker/worker-engine'
export type { WorkerFaceEngine, WorkerEngineOptions } from './worker/worker-engine'
export { Gallery } from './gallery'
export { residentTemplate, templateGallery } from './templates'
export { tripletLoss, DEFAULT_TRIPLET_ALPHA } from './triplet'
export { findLookAlikes } from './lookalikes'
export { l2Distance, l2Normalize } from './distance'
export { identifyImage, verifyImage, embedSubject } from './recognize'
export type { IdentifyImageResult, VerifyImageResult, RecognizeOptions } from './recognize'
