/** The kiosk's view of a door attempt's frames (the frames themselves: tests/support/door-attempts.ts). */
import type { EngineInternals } from '../../src/main/engine/engine'
import type { RgbImage } from '../../src/main/engine/image-ops'
import type { FaceTrace } from '../../src/main/access/types'

export { attemptFrames, JITTER } from '../../tests/support/door-attempts'

/** The subject (largest face) of a camera frame, embedded as the kiosk does; null without a face. */
export async function frameFace(internals: EngineInternals, img: RgbImage): Promise<FaceTrace | null> {
  const { pipeline } = internals
  const [face] = await pipeline.detectFaces(img, false)
  if (!face) return null
  const { embedding } = await pipeline.embed(img, face)
  const { box } = face
  return { cx: box.x + box.width / 2, cy: box.y + box.height / 2, size: box.width, landmarks68: face.landmarks68, embedding }
}
