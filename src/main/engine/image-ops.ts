/**
 * Pixel operations over raw 8-bit RGB buffers. Every resize/crop/alignment is one bilinear
 * affine resampling with a zero (black) border, like OpenCV warpAffine with BORDER_CONSTANT.
 */
import type { Box } from './types'

/** Interleaved 8-bit RGB, row-major. */
export interface RgbImage {
  data: Uint8Array
  width: number
  height: number
}

/** Maps an OUTPUT pixel (u, v) to SOURCE coordinates: x = a*u + b*v + c, y = d*u + e*v + f. */
export type Affine = readonly [a: number, b: number, c: number, d: number, e: number, f: number]

export interface TensorSpec {
  channelOrder: 'RGB' | 'BGR' | 'GRAY'
  mean: readonly number[]
  std: readonly number[]
}

/** ITU-R BT.601 luma weights (what OpenCV's RGB2GRAY uses). */
const LUMA_R = 0.299
const LUMA_G = 0.587
const LUMA_B = 0.114
const RGB = 3

/** Output-to-source map that stretches `rect` onto an outW x outH image (pixel centres aligned, as OpenCV resize). */
export function rectToAffine(rect: Box, outW: number, outH: number): Affine {
  const sx = rect.width / outW
  const sy = rect.height / outH
  return [sx, 0, rect.x + 0.5 * sx - 0.5, 0, sy, rect.y + 0.5 * sy - 0.5]
}

/** Inverse of an affine map (e.g. source-to-template into output-to-source). */
export function invertAffine([a, b, c, d, e, f]: Affine): Affine {
  const det = a * e - b * d
  if (det === 0) throw new RangeError('Affine map is singular')
  const ia = e / det
  const ib = -b / det
  const id = -d / det
  const ie = a / det
  return [ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)]
}

export function applyAffine([a, b, c, d, e, f]: Affine, x: number, y: number): [number, number] {
  return [a * x + b * y + c, d * x + e * y + f]
}

/** Bilinear resampling through `outToSrc`; samples outside the source are black. */
export function warpAffine(src: RgbImage, outToSrc: Affine, outW: number, outH: number): RgbImage {
  const [a, b, c, d, e, f] = outToSrc
  const { data, width, height } = src
  const out = new Uint8Array(outW * outH * RGB)
  const stride = width * RGB
  let o = 0
  for (let v = 0; v < outH; v++) {
    for (let u = 0; u < outW; u++, o += RGB) {
      const x = a * u + b * v + c
      const y = d * u + e * v + f
      const x0 = Math.floor(x)
      const y0 = Math.floor(y)
      if (x0 < -1 || y0 < -1 || x0 >= width || y0 >= height) continue
      const fx = x - x0
      const fy = y - y0
      const w00 = (1 - fx) * (1 - fy)
      const w10 = fx * (1 - fy)
      const w01 = (1 - fx) * fy
      const w11 = fx * fy
      const p00 = y0 * stride + x0 * RGB
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height) {
        // Interior (almost every pixel of an aligned face): no per-neighbour bounds checks.
        const q = p00 + stride
        out[o] = Math.round(w00 * data[p00] + w10 * data[p00 + 3] + w01 * data[q] + w11 * data[q + 3])
        out[o + 1] = Math.round(w00 * data[p00 + 1] + w10 * data[p00 + 4] + w01 * data[q + 1] + w11 * data[q + 4])
        out[o + 2] = Math.round(w00 * data[p00 + 2] + w10 * data[p00 + 5] + w01 * data[q + 2] + w11 * data[q + 5])
        continue
      }
      const inX0 = x0 >= 0
      const inX1 = x0 + 1 < width
      const inY0 = y0 >= 0
      const inY1 = y0 + 1 < height
      for (let ch = 0; ch < RGB; ch++) {
        let sum = 0
        if (inY0 && inX0) sum += w00 * data[p00 + ch]
        if (inY0 && inX1) sum += w10 * data[p00 + RGB + ch]
        if (inY1 && inX0) sum += w01 * data[p00 + stride + ch]
        if (inY1 && inX1) sum += w11 * data[p00 + stride + RGB + ch]
        out[o + ch] = Math.round(sum)
      }
    }
  }
  return { data: out, width: outW, height: outH }
}

/**
 * warpAffine + toTensor in one pass (the detector/landmark/liveness inputs need no uint8 image):
 * same values, about half the time. Samples are rounded to 8 bits as the two-step path does.
 */
export function warpToTensor(src: RgbImage, outToSrc: Affine, outW: number, outH: number, spec: TensorSpec): Float32Array {
  const [a, b, c, d, e, f] = outToSrc
  if (b === 0 && d === 0) return resizeToTensor(src, outToSrc, outW, outH, spec)
  const { data, width, height } = src
  const n = outW * outH
  const gray = spec.channelOrder === 'GRAY'
  const out = new Float32Array(gray ? n : n * RGB)
  const stride = width * RGB
  // Output plane offsets of the source R and B channels.
  const planeR = spec.channelOrder === 'BGR' ? 2 * n : 0
  const planeB = spec.channelOrder === 'BGR' ? 0 : 2 * n
  const [mean0, mean1 = 0, mean2 = 0] = spec.mean
  const [std0, std1 = 1, std2 = 1] = spec.std
  const inv0 = 1 / std0
  const inv1 = 1 / std1
  const inv2 = 1 / std2
  // Gray: luma of the sampled RGB, one plane; colour: R, G, B planes in the requested order.
  const meanR = spec.channelOrder === 'BGR' ? mean2 : mean0
  const invR = spec.channelOrder === 'BGR' ? inv2 : inv0
  const meanB = spec.channelOrder === 'BGR' ? mean0 : mean2
  const invB = spec.channelOrder === 'BGR' ? inv0 : inv2
  let o = 0
  for (let v = 0; v < outH; v++) {
    let x = b * v + c
    let y = e * v + f
    for (let u = 0; u < outW; u++, o++, x += a, y += d) {
      const x0 = Math.floor(x)
      const y0 = Math.floor(y)
      let r = 0
      let g = 0
      let bl = 0
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height) {
        const fx = x - x0
        const fy = y - y0
        const w00 = (1 - fx) * (1 - fy)
        const w10 = fx * (1 - fy)
        const w01 = (1 - fx) * fy
        const w11 = fx * fy
        const p = y0 * stride + x0 * RGB
        const q = p + stride
        r = w00 * data[p] + w10 * data[p + 3] + w01 * data[q] + w11 * data[q + 3]
        g = w00 * data[p + 1] + w10 * data[p + 4] + w01 * data[q + 1] + w11 * data[q + 4]
        bl = w00 * data[p + 2] + w10 * data[p + 5] + w01 * data[q + 2] + w11 * data[q + 5]
      } else if (x0 >= -1 && y0 >= -1 && x0 < width && y0 < height) {
        // Edge pixel: the neighbours outside the image are black.
        const fx = x - x0
        const fy = y - y0
        for (let k = 0; k < 4; k++) {
          const xi = x0 + (k & 1)
          const yi = y0 + (k >> 1)
          if (xi < 0 || yi < 0 || xi >= width || yi >= height) continue
          const w = (k & 1 ? fx : 1 - fx) * (k >> 1 ? fy : 1 - fy)
          const p = yi * stride + xi * RGB
          r += w * data[p]
          g += w * data[p + 1]
          bl += w * data[p + 2]
        }
      }
      r = Math.round(r)
      g = Math.round(g)
      bl = Math.round(bl)
      if (gray) {
        out[o] = (Math.round(LUMA_R * r + LUMA_G * g + LUMA_B * bl) - mean0) * inv0
      } else {
        out[planeR + o] = (r - meanR) * invR
        out[n + o] = (g - mean1) * inv1
        out[planeB + o] = (bl - meanB) * invB
      }
    }
  }
  return out
}

/** Per output column (or row): the two source offsets and bilinear weights, 0 weight outside the image. */
function axisTaps(scale: number, offset: number, outSize: number, srcSize: number, step: number) {
  const i0 = new Int32Array(outSize)
  const i1 = new Int32Array(outSize)
  const w0 = new Float64Array(outSize)
  const w1 = new Float64Array(outSize)
  for (let k = 0; k < outSize; k++) {
    const pos = scale * k + offset
    const p0 = Math.floor(pos)
    const frac = pos - p0
    const in0 = p0 >= 0 && p0 < srcSize
    const in1 = p0 + 1 >= 0 && p0 + 1 < srcSize
    i0[k] = in0 ? p0 * step : 0
    i1[k] = in1 ? (p0 + 1) * step : 0
    w0[k] = in0 ? 1 - frac : 0
    w1[k] = in1 ? frac : 0
  }
  return { i0, i1, w0, w1 }
}

/**
 * warpToTensor for axis-aligned maps (resize/crop/pad: the detector, landmark and liveness inputs):
 * separable taps computed once per row and column. Same values as the general path.
 */
function resizeToTensor(src: RgbImage, outToSrc: Affine, outW: number, outH: number, spec: TensorSpec): Float32Array {
  const [a, , c, , e, f] = outToSrc
  const { data, width, height } = src
  const n = outW * outH
  const gray = spec.channelOrder === 'GRAY'
  const out = new Float32Array(gray ? n : n * RGB)
  const cols = axisTaps(a, c, outW, width, RGB)
  const rows = axisTaps(e, f, outH, height, width * RGB)
  const bgr = spec.channelOrder === 'BGR'
  const planeR = bgr ? 2 * n : 0
  const planeB = bgr ? 0 : 2 * n
  const [mean0, mean1 = 0, mean2 = 0] = spec.mean
  const [std0, std1 = 1, std2 = 1] = spec.std
  const meanR = bgr ? mean2 : mean0
  const invR = 1 / (bgr ? std2 : std0)
  const inv1 = 1 / std1
  const meanB = bgr ? mean0 : mean2
  const invB = 1 / (bgr ? std0 : std2)
  const inv0 = 1 / std0
  let o = 0
  for (let v = 0; v < outH; v++) {
    const r0 = rows.i0[v]
    const r1 = rows.i1[v]
    const wy0 = rows.w0[v]
    const wy1 = rows.w1[v]
    for (let u = 0; u < outW; u++, o++) {
      const w00 = cols.w0[u] * wy0
      const w10 = cols.w1[u] * wy0
      const w01 = cols.w0[u] * wy1
      const w11 = cols.w1[u] * wy1
      const p00 = r0 + cols.i0[u]
      const p10 = r0 + cols.i1[u]
      const p01 = r1 + cols.i0[u]
      const p11 = r1 + cols.i1[u]
      // Samples are >= 0, so +0.5 and truncation rounds like Math.round.
      const r = (w00 * data[p00] + w10 * data[p10] + w01 * data[p01] + w11 * data[p11] + 0.5) | 0
      const g = (w00 * data[p00 + 1] + w10 * data[p10 + 1] + w01 * data[p01 + 1] + w11 * data[p11 + 1] + 0.5) | 0
      const bl = (w00 * data[p00 + 2] + w10 * data[p10 + 2] + w01 * data[p01 + 2] + w11 * data[p11 + 2] + 0.5) | 0
      if (gray) {
        out[o] = (Math.round(LUMA_R * r + LUMA_G * g + LUMA_B * bl) - mean0) * inv0
      } else {
        out[planeR + o] = (r - meanR) * invR
        out[n + o] = (g - mean1) * inv1
        out[planeB + o] = (bl - meanB) * invB
      }
    }
  }
  return out
}

/** Rounded BT.601 luma per pixel. */
export function toGray(img: RgbImage): Uint8Array {
  const n = img.width * img.height
  const out = new Uint8Array(n)
  const d = img.data
  for (let i = 0, p = 0; i < n; i++, p += RGB) out[i] = Math.round(LUMA_R * d[p] + LUMA_G * d[p + 1] + LUMA_B * d[p + 2])
  return out
}

/** Left-right mirror. */
export function flipHorizontal(img: RgbImage): RgbImage {
  const { width, height, data } = img
  const out = new Uint8Array(data.length)
  for (let y = 0; y < height; y++) {
    const row = y * width * RGB
    for (let x = 0; x < width; x++) {
      const s = row + x * RGB
      const t = row + (width - 1 - x) * RGB
      out[t] = data[s]
      out[t + 1] = data[s + 1]
      out[t + 2] = data[s + 2]
    }
  }
  return { data: out, width, height }
}

/** Planar (NCHW, batch 1) float tensor: (value - mean) / std per channel, in the model's channel order. */
export function toTensor(img: RgbImage, spec: TensorSpec): Float32Array {
  const n = img.width * img.height
  const d = img.data
  if (spec.channelOrder === 'GRAY') {
    const gray = toGray(img)
    const out = new Float32Array(n)
    const [mean] = spec.mean
    const [std] = spec.std
    for (let i = 0; i < n; i++) out[i] = (gray[i] - mean) / std
    return out
  }
  const out = new Float32Array(n * RGB)
  // Source channel feeding each output plane.
  const order = spec.channelOrder === 'RGB' ? [0, 1, 2] : [2, 1, 0]
  for (let plane = 0; plane < RGB; plane++) {
    const srcCh = order[plane]
    const mean = spec.mean[plane]
    const inv = 1 / spec.std[plane]
    const base = plane * n
    for (let i = 0, p = srcCh; i < n; i++, p += RGB) out[base + i] = (d[p] - mean) * inv
  }
  return out
}

/** Variance of the 4-neighbour Laplacian over the interior: a standard focus/sharpness measure. */
export function laplacianVariance(gray: Uint8Array, width: number, height: number): number {
  let sum = 0
  let sumSq = 0
  let n = 0
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x
      const lap = gray[i - 1] + gray[i + 1] + gray[i - width] + gray[i + width] - 4 * gray[i]
      sum += lap
      sumSq += lap * lap
      n++
    }
  }
  if (n === 0) return 0
  const mean = sum / n
  return sumSq / n - mean * mean
}

export function meanOf(values: Uint8Array): number {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i]
  return values.length ? sum / values.length : 0
}
