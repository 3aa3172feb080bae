/** Embedding stage: face -> aligned crop and input tensor(s); raw outputs -> one L2-normalised embedding. */
import { alignFaceWithTensor } from './align'
import { l2Normalize } from './distance'
import { flipHorizontal, toTensor, type RgbImage } from './image-ops'
import type { EmbeddingSpec } from './manifest'
import type { Point } from './types'

export interface EmbeddingInputs {
  /** The aligned crop (quality is judged on it). */
  aligned: RgbImage
  /** The crop's tensor, plus its mirror image's when flip test-time augmentation is on. */
  inputs: Float32Array[]
}

/** Aligns the face onto the model's template; the crop's tensor is made in the same pass. */
export function embeddingInputs(img: RgbImage, points5: Point[], spec: EmbeddingSpec): EmbeddingInputs {
  const { width, height } = spec.input
  const { image, tensor } = alignFaceWithTensor(img, points5, spec.alignment.template, width, height, spec.input)
  const inputs = [tensor]
  if (spec.flipTta) inputs.push(toTensor(flipHorizontal(image), spec.input))
  return { aligned: image, inputs }
}

/** Sum of the raw outputs, L2-normalised (with one output: just normalised). */
export function combineEmbeddings(outputs: Float32Array[], dimension: number): Float32Array {
  const sum = new Float64Array(dimension)
  for (const out of outputs) {
    if (out.length !== dimension) throw new RangeError(`Embedding model returned ${out.length} values, manifest says ${dimension}`)
    for (let i = 0; i < dimension; i++) sum[i] += out[i]
  }
  return l2Normalize(sum)
}
