/** Per-face quality figures, for enrollment checks and the admin UI. */
import { laplacianVariance, meanOf, toGray, type RgbImage } from './image-ops'
import type { PipelineConfig } from './manifest'
import type { Box, FaceQuality, Point } from './types'

const DEG_PER_RAD = 180 / Math.PI

/** Roll of the eye line and a rough yaw from the nose's offset off the eye midpoint, in the roll-free frame. */
export function headPose(points5: Point[], noseDepthRatio: number): { yawDeg: number; rollDeg: number } {
  const [eyeA, eyeB, nose] = points5
  const ex = eyeB[0] - eyeA[0]
  const ey = eyeB[1] - eyeA[1]
  const roll = Math.atan2(ey, ex)
  const halfEyeDistance = Math.hypot(ex, ey) / 2
  if (halfEyeDistance === 0) return { yawDeg: 0, rollDeg: roll * DEG_PER_RAD }
  const midX = (eyeA[0] + eyeB[0]) / 2
  const midY = (eyeA[1] + eyeB[1]) / 2
  // Nose offset along the eye line (x axis of the roll-free frame).
  const along = ((nose[0] - midX) * Math.cos(roll) + (nose[1] - midY) * Math.sin(roll)) / (noseDepthRatio * halfEyeDistance)
  return { yawDeg: Math.asin(Math.max(-1, Math.min(1, along))) * DEG_PER_RAD, rollDeg: roll * DEG_PER_RAD }
}

export function faceQuality(aligned: RgbImage, points5: Point[], square: Box, touchesBorder: boolean, cfg: PipelineConfig): FaceQuality {
  const gray = toGray(aligned)
  return {
    faceSizePx: square.width,
    sharpness: laplacianVariance(gray, aligned.width, aligned.height),
    ...headPose(points5, cfg.quality.noseDepthRatio),
    brightness: meanOf(gray),
    touchesBorder
  }
}
