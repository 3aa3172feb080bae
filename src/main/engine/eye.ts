/** Eye stage: 68 landmarks -> two square eye crops -> p(closed) per eye; eye aspect ratio from the contour. */
import { meanPoint } from './geometry'
import { rectToAffine, warpToTensor, type RgbImage } from './image-ops'
import { softmax } from './liveness'
import type { EyeSpec } from './manifest'
import type { Box, Point } from './types'

type EyePoints = EyeSpec['eyes'][number]

const distance = (a: Point, b: Point): number => Math.hypot(a[0] - b[0], a[1] - b[1])

/**
 * The package's eye box: a square around the mean of the eye's centre points, `eyeBoxScale` times
 * the corner-to-corner width (kept as floats; the crop is resampled, so it may reach past the image).
 */
export function eyeRegion(landmarks68: readonly Point[], eye: EyePoints, eyeBoxScale: number): Box {
  const [cx, cy] = meanPoint(eye.centre.map((i) => landmarks68[i]))
  const side = Math.max(1, distance(landmarks68[eye.corners[0]], landmarks68[eye.corners[1]]) * eyeBoxScale)
  return { x: cx - side / 2, y: cy - side / 2, width: side, height: side }
}

export function eyeInput(img: RgbImage, region: Box, spec: EyeSpec): Float32Array {
  const { width, height } = spec.input
  return warpToTensor(img, rectToAffine(region, width, height), width, height, spec.input)
}

export function eyeClosedProbability(logits: Float32Array, spec: EyeSpec): number {
  if (logits.length !== spec.classCount) throw new RangeError(`Eye model returned ${logits.length} classes, manifest says ${spec.classCount}`)
  return softmax(logits)[spec.closedClass]
}

/**
 * Eye aspect ratio (Soukupova and Cech 2016) over the 6 contour points p1..p6:
 * (|p2-p6| + |p3-p5|) / (2 |p1-p4|). About 0.3 for an open eye, falling towards 0 as it closes.
 */
export function eyeAspectRatio(landmarks68: readonly Point[], eye: EyePoints): number {
  const [p1, p2, p3, p4, p5, p6] = eye.contour.map((i) => landmarks68[i])
  const width = distance(p1, p4)
  return width > 0 ? (distance(p2, p6) + distance(p3, p5)) / (2 * width) : 0
}
