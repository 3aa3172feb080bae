import { AppError } from '../../shared/errors'
import type { EngineOptions, FaceEngine } from './types'

/** Placeholder until the ONNX pipeline lands: the API shape is final, the implementation is not. */
export function createFaceEngine(_opts: EngineOptions = {}): FaceEngine {
  const unavailable = (): never => {
    throw new AppError('ENGINE_UNAVAILABLE', 'The face engine is not implemented yet')
  }
  return {
    modelId: 'fr_feature',
    thresholds: { accuracy: 0, far: {} },
    detectFaces: async () => unavailable(),
    embedFaces: async () => unavailable(),
    analyzeImage: async () => unavailable(),
    dispose: async () => {}
  }
}
