/** Alignment: least-squares similarity (Umeyama, no reflection) of 5 points onto the template, then warp. */
import { invertAffine, warpAffine, warpAffineWithTensor, type Affine, type RgbImage, type TensorSpec } from './image-ops'
import type { Point } from './types'

/**
 * The similarity transform (rotation, uniform scale, translation; never a reflection) that maps
 * `src` onto `dst` with least squared error. Returned as a source-to-destination Affine.
 * In 2-D, Umeyama's solution reduces to: [a -b; b a] with a = sum(x.x')/sum|x|^2,
 * b = sum(x cross x')/sum|x|^2 over centred points.
 */
export function estimateSimilarity(src: Point[], dst: Point[]): Affine {
  if (src.length !== dst.length || src.length < 2) throw new RangeError('Need at least 2 matching point pairs')
  const n = src.length
  let sx = 0, sy = 0, dx = 0, dy = 0
  for (let i = 0; i < n; i++) {
    sx += src[i][0]
    sy += src[i][1]
    dx += dst[i][0]
    dy += dst[i][1]
  }
  sx /= n
  sy /= n
  dx /= n
  dy /= n
  let dot = 0, cross = 0, norm = 0
  for (let i = 0; i < n; i++) {
    const x = src[i][0] - sx
    const y = src[i][1] - sy
    const u = dst[i][0] - dx
    const v = dst[i][1] - dy
    dot += x * u + y * v
    cross += x * v - y * u
    norm += x * x + y * y
  }
  if (norm === 0) throw new RangeError('Source points are all identical')
  const a = dot / norm
  const b = cross / norm
  return [a, -b, dx - (a * sx - b * sy), b, a, dy - (b * sx + a * sy)]
}

/** Warps the face so its 5 points land on the template; output is the embedding model's input size. */
export function alignFace(img: RgbImage, points5: Point[], template: Point[], width: number, height: number): RgbImage {
  const toTemplate = estimateSimilarity(points5, template)
  return warpAffine(img, invertAffine(toTemplate), width, height)
}

/** alignFace, plus the model's input tensor of the aligned crop made in the same pass. */
export function alignFaceWithTensor(img: RgbImage, points5: Point[], template: Point[], width: number, height: number, spec: TensorSpec): { image: RgbImage; tensor: Float32Array } {
  return warpAffineWithTensor(img, invertAffine(estimateSimilarity(points5, template)), width, height, spec)
}
