/** Detector stage: padded frame -> model input tensor; scores/boxes -> face boxes after NMS. */
import { boxArea, intersectionOverUnion } from './geometry'
import { rectToAffine, warpToTensor, type RgbImage } from './image-ops'
import type { DetectorSpec } from './manifest'
import type { Box } from './types'

export interface RawDetection {
  /** Detector box in input-image pixels (may extend past the edges when the frame was padded). */
  box: Box
  score: number
}

/** The region the detector sees: the image plus `padPx` of black border on every side. */
export function detectorFrame(width: number, height: number, padPx: number): Box {
  return { x: -padPx, y: -padPx, width: width + 2 * padPx, height: height + 2 * padPx }
}

/** Whole frame stretched to the detector size (aspect ratio ignored, as the model was trained). */
export function detectorInput(img: RgbImage, frame: Box, spec: DetectorSpec): Float32Array {
  const { width, height } = spec.input
  return warpToTensor(img, rectToAffine(frame, width, height), width, height, spec.input)
}

/** Greedy non-maximum suppression that keeps the highest-scoring box of each cluster. */
export function nonMaxSuppression(detections: RawDetection[], iouThreshold: number, maxKeep: number): RawDetection[] {
  const sorted = [...detections].sort((a, b) => b.score - a.score)
  const kept: RawDetection[] = []
  for (const d of sorted) {
    if (kept.length >= maxKeep) break
    if (kept.every((k) => intersectionOverUnion(k.box, d.box) <= iouThreshold)) kept.push(d)
  }
  return kept
}

/** Highest face-class score over all anchors, before the threshold: how near a frame came to a face. */
export function bestFaceScore(scores: Float32Array, anchors: number, spec: DetectorSpec): number {
  const classes = scores.length / anchors
  let best = 0
  for (let i = 0; i < anchors; i++) best = Math.max(best, scores[i * classes + spec.faceClass])
  return best
}

/**
 * scores [1,N,C] (already softmaxed) and boxes [1,N,4] (decoded corners, 0..1 of the frame)
 * -> boxes in image pixels with score >= threshold, after NMS.
 */
export function decodeDetections(scores: Float32Array, boxes: Float32Array, frame: Box, spec: DetectorSpec): RawDetection[] {
  const classes = scores.length / (boxes.length / 4)
  const candidates: RawDetection[] = []
  for (let i = 0, n = boxes.length / 4; i < n; i++) {
    const score = scores[i * classes + spec.faceClass]
    if (score < spec.scoreThreshold) continue
    const x1 = frame.x + boxes[i * 4] * frame.width
    const y1 = frame.y + boxes[i * 4 + 1] * frame.height
    const x2 = frame.x + boxes[i * 4 + 2] * frame.width
    const y2 = frame.y + boxes[i * 4 + 3] * frame.height
    const box = { x: x1, y: y1, width: x2 - x1, height: y2 - y1 }
    if (boxArea(box) > 0) candidates.push({ box, score })
  }
  return nonMaxSuppression(candidates, spec.nmsIouThreshold, spec.maxFaces)
}
