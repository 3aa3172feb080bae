/** Liveness stage: the face box enlarged for context -> input tensor; logits -> p(live). */
import { rectToAffine, warpToTensor, type RgbImage } from './image-ops'
import type { LivenessSpec } from './manifest'
import type { Box } from './types'

/**
 * The square box scaled by `scale` around its centre, shrunk if needed to fit the image, then
 * shifted to lie inside it (the model wants background context, not black borders).
 */
export function livenessRegion(square: Box, imgW: number, imgH: number, scale: number): Box {
  const s = Math.min((imgH - 1) / square.height, (imgW - 1) / square.width, scale)
  const w = square.width * s
  const h = square.height * s
  const cx = square.x + square.width / 2
  const cy = square.y + square.height / 2
  const x = Math.min(Math.max(cx - w / 2, 0), imgW - 1 - w)
  const y = Math.min(Math.max(cy - h / 2, 0), imgH - 1 - h)
  return { x: Math.max(0, x), y: Math.max(0, y), width: w, height: h }
}

/**
 * How much background the liveness crop holds: its side over the face box side. The model was made
 * for `boxScale`; a face that fills the frame or a tight crop gives less (below 1: the crop is
 * smaller than the face itself).
 */
export function livenessContextScale(square: Box, imgW: number, imgH: number, scale: number): number {
  return livenessRegion(square, imgW, imgH, scale).width / square.width
}

export function livenessInput(img: RgbImage, square: Box, spec: LivenessSpec): Float32Array {
  const region = livenessRegion(square, img.width, img.height, spec.boxScale)
  const { width, height } = spec.input
  return warpToTensor(img, rectToAffine(region, width, height), width, height, spec.input)
}

export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i])
  const exps = Array.from(logits, (v) => Math.exp(v - max))
  const total = exps.reduce((a, b) => a + b, 0)
  return exps.map((e) => e / total)
}

export function livenessScore(logits: Float32Array, spec: LivenessSpec): number {
  if (logits.length !== spec.classCount) throw new RangeError(`Liveness model returned ${logits.length} classes, manifest says ${spec.classCount}`)
  return softmax(logits)[spec.liveClass]
}
