/** Embedding stage: aligned crop -> input tensor(s); raw outputs -> one L2-normalised embedding. */
import { l2Normalize } from './distance'
import { flipHorizontal, toTensor, type RgbImage } from './image-ops'
import type { EmbeddingSpec } from './manifest'

/** The crop, plus its mirror image when flip test-time augmentation is on. */
export function embeddingInputs(aligned: RgbImage, spec: EmbeddingSpec): Float32Array[] {
  const inputs = [toTensor(aligned, spec.input)]
  if (spec.flipTta) inputs.push(toTensor(flipHorizontal(aligned), spec.input))
  return inputs
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
