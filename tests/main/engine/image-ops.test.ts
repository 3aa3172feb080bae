import { describe, expect, it } from 'vitest'
import {
  flipHorizontal,
  invertAffine,
  laplacianVariance,
  rectToAffine,
  toGray,
  toTensor,
  warpAffine,
  warpToTensor,
  type RgbImage
} from '../../../src/main/engine/image-ops'

function image(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 3)
  return { data, width, height }
}

describe('image ops', () => {
  it('resizes a rect by stretching with pixel centres aligned (2x downscale averages pixel pairs)', () => {
    const src = image(4, 2, (x) => [x * 10, 0, 0])
    const out = warpAffine(src, rectToAffine({ x: 0, y: 0, width: 4, height: 2 }, 2, 1), 2, 1)
    expect([out.data[0], out.data[3]]).toEqual([5, 25])
  })

  it('samples black outside the image (padding without copying)', () => {
    const src = image(2, 2, () => [200, 100, 50])
    const out = warpAffine(src, rectToAffine({ x: -2, y: -2, width: 6, height: 6 }, 6, 6), 6, 6)
    expect(Array.from(out.data.subarray(0, 3))).toEqual([0, 0, 0])
    const centre = (3 * 6 + 3) * 3
    expect(Array.from(out.data.subarray(centre, centre + 3))).toEqual([200, 100, 50])
  })

  it('inverts affine maps', () => {
    const m = [1.5, -0.3, 10, 0.3, 1.5, -4] as const
    const inv = invertAffine(m)
    const [a, b, c, d, e, f] = inv
    const x = 7
    const y = -3
    const fx = m[0] * x + m[1] * y + m[2]
    const fy = m[3] * x + m[4] * y + m[5]
    expect(a * fx + b * fy + c).toBeCloseTo(x, 9)
    expect(d * fx + e * fy + f).toBeCloseTo(y, 9)
  })

  it('builds planar tensors in the requested channel order with mean/std', () => {
    const src = image(2, 1, (x) => (x === 0 ? [255, 127, 0] : [1, 2, 3]))
    const bgr = toTensor(src, { channelOrder: 'BGR', mean: [127, 127, 127], std: [128, 128, 128] })
    // planes: B, G, R; each plane has 2 pixels
    expect(Array.from(bgr)).toEqual([(0 - 127) / 128, (3 - 127) / 128, 0, (2 - 127) / 128, 1, (1 - 127) / 128])
    const rgb = toTensor(src, { channelOrder: 'RGB', mean: [0, 0, 0], std: [1, 1, 1] })
    expect(Array.from(rgb)).toEqual([255, 1, 127, 2, 0, 3])
    const gray = toTensor(src, { channelOrder: 'GRAY', mean: [0], std: [256] })
    expect(gray[0]).toBeCloseTo(Math.round(0.299 * 255 + 0.587 * 127) / 256, 6)
  })

  it('warpToTensor equals warpAffine + toTensor, edges and outside included', () => {
    const src = image(37, 29, (x, y) => [(x * 7 + y) % 256, (x * y) % 256, (255 - x * 3) % 256])
    const maps = [
      rectToAffine({ x: -5, y: -4, width: 47, height: 37 }, 32, 24), // padded resize
      rectToAffine({ x: 3.3, y: 2.1, width: 20, height: 20 }, 64, 64), // upscaled crop
      invertAffine([0.8, -0.3, 4, 0.3, 0.8, -2]) // rotation + scale, partly outside
    ]
    const specs = [
      { channelOrder: 'RGB' as const, mean: [127, 127, 127], std: [128, 128, 128] },
      { channelOrder: 'BGR' as const, mean: [1, 2, 3], std: [2, 3, 4] },
      { channelOrder: 'GRAY' as const, mean: [0], std: [256] }
    ]
    for (const m of maps) {
      for (const spec of specs) {
        const twoStep = toTensor(warpAffine(src, m, 30, 20), spec)
        const fused = warpToTensor(src, m, 30, 20, spec)
        expect(fused.length).toBe(twoStep.length)
        for (let i = 0; i < fused.length; i++) expect(fused[i]).toBeCloseTo(twoStep[i], 5)
      }
    }
  })

  it('mirrors, grays and measures sharpness', () => {
    const src = image(3, 1, (x) => [x, x, x])
    expect(Array.from(flipHorizontal(src).data)).toEqual([2, 2, 2, 1, 1, 1, 0, 0, 0])
    expect(Array.from(toGray(src))).toEqual([0, 1, 2])
    const flat = toGray(image(8, 8, () => [90, 90, 90]))
    const checker = toGray(image(8, 8, (x, y) => ((x + y) % 2 ? [255, 255, 255] : [0, 0, 0])))
    expect(laplacianVariance(flat, 8, 8)).toBe(0)
    expect(laplacianVariance(checker, 8, 8)).toBeGreaterThan(1000)
  })
})
