/** Landmark stage: square face box -> 64x64 gray tensor; 136 outputs -> 68 points and the 5 alignment points. */
import { meanPoint } from './geometry'
import { rectToAffine, warpToTensor, type RgbImage } from './image-ops'
import type { LandmarksSpec } from './manifest'
import type { Box, Point } from './types'

export function landmarkInput(img: RgbImage, square: Box, spec: LandmarksSpec): Float32Array {
  const { width, height } = spec.input
  return warpToTensor(img, rectToAffine(square, width, height), width, height, spec.input)
}

/** Model output (x,y pairs in 0..1 of the square box) -> image pixels, kept as floats. */
export function decodeLandmarks(output: Float32Array, square: Box, spec: LandmarksSpec): Point[] {
  const points: Point[] = []
  for (let i = 0; i < spec.pointCount; i++) {
    points.push([square.x + output[2 * i] * square.width, square.y + output[2 * i + 1] * square.height])
  }
  return points
}

/** The 5 alignment points (template order) as means of 68-point groups. */
export function fivePoints(landmarks68: Point[], spec: LandmarksSpec): Point[] {
  return spec.fivePointsInTemplateOrder.map((group) => meanPoint(group.map((i) => landmarks68[i])))
}
