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
  return warpRgb(src, outToSrc, outW, outH, null).image
}

/**
 * warpAffine, plus toTensor(image, spec) written in the same pass (the embedding needs both the
 * aligned crop, for quality, and its tensor): the same values as the two calls, one loop fewer.
 */
export function warpAffineWithTensor(src: RgbImage, outToSrc: Affine, outW: number, outH: number, spec: TensorSpec): { image: RgbImage; tensor: Float32Array } {
  if (spec.channelOrder === 'GRAY') {
    const image = warpAffine(src, outToSrc, outW, outH)
    return { image, tensor: toTensor(image, spec) }
  }
  return warpRgb(src, outToSrc, outW, outH, spec) as { image: RgbImage; tensor: Float32Array }
}

/**
 * The warp itself. Indices are kept int32 and samples rounded with +0.5 and truncation (they are
 * >= 0): the same values as Math.round, about twice as fast in V8.
 */
function warpRgb(src: RgbImage, outToSrc: Affine, outW: number, outH: number, spec: TensorSpec | null): { image: RgbImage; tensor: Float32Array | null } {
  const [a, b, c, d, e, f] = outToSrc
  const { data, width, height } = src
  const out = new Uint8Array(outW * outH * RGB)
  const n = outW * outH
  const tensor = spec ? new Float32Array(n * RGB) : null
  // Hoisted out of the pixel loop (V8 keeps them in registers): plane views and tables, or none.
  const lut = spec ? normalizeLuts(spec) : null
  const planes = spec ? planeOffsets(spec, n) : { r: 0, b: 0 }
  const noTensor = new Float32Array(0)
  const outR = tensor ? tensor.subarray(planes.r, planes.r + n) : noTensor
  const outG = tensor ? tensor.subarray(n, 2 * n) : noTensor
  const outB = tensor ? tensor.subarray(planes.b, planes.b + n) : noTensor
  const lutR = lut ? lut.r : noTensor
  const lutG = lut ? lut.g : noTensor
  const lutB = lut ? lut.b : noTensor
  const withTensor = tensor !== null
  const stride = width * RGB
  let i = 0
  for (let v = 0; v < outH; v++) {
    const bv = b * v
    const ev = e * v
    for (let u = 0; u < outW; u++, i++) {
      const x = a * u + bv + c
      const y = d * u + ev + f
      const xf = Math.floor(x)
      const yf = Math.floor(y)
      let r = 0
      let g = 0
      let bl = 0
      if (xf >= -1 && yf >= -1 && xf < width && yf < height) {
        const x0 = xf | 0
        const y0 = yf | 0
        const fx = x - xf
        const fy = y - yf
        const w00 = (1 - fx) * (1 - fy)
        const w10 = fx * (1 - fy)
        const w01 = (1 - fx) * fy
        const w11 = fx * fy
        const p00 = y0 * stride + x0 * RGB
        if (x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height) {
          // Interior (almost every pixel of an aligned face): no per-neighbour bounds checks.
          const q = p00 + stride
          r = (w00 * data[p00] + w10 * data[p00 + 3] + w01 * data[q] + w11 * data[q + 3] + 0.5) | 0
          g = (w00 * data[p00 + 1] + w10 * data[p00 + 4] + w01 * data[q + 1] + w11 * data[q + 4] + 0.5) | 0
          bl = (w00 * data[p00 + 2] + w10 * data[p00 + 5] + w01 * data[q + 2] + w11 * data[q + 5] + 0.5) | 0
        } else {
          r = edgeSample(data, p00, stride, 0, x0, y0, width, height, w00, w10, w01, w11)
          g = edgeSample(data, p00, stride, 1, x0, y0, width, height, w00, w10, w01, w11)
          bl = edgeSample(data, p00, stride, 2, x0, y0, width, height, w00, w10, w01, w11)
        }
        const o = i * RGB
        out[o] = r
        out[o + 1] = g
        out[o + 2] = bl
      }
      if (withTensor) {
        outR[i] = lutR[r]
        outG[i] = lutG[g]
        outB[i] = lutB[bl]
      }
    }
  }
  return { image: { data: out, width: outW, height: outH }, tensor }
}

/** One channel of a bilinear sample whose neighbours are partly outside the image (they count as black). */
function edgeSample(data: Uint8Array, p00: number, stride: number, ch: number, x0: number, y0: number, width: number, height: number, w00: number, w10: number, w01: number, w11: number): number {
  const inX0 = x0 >= 0
  const inX1 = x0 + 1 < width
  const inY0 = y0 >= 0
  const inY1 = y0 + 1 < height
  let sum = 0
  if (inY0 && inX0) sum += w00 * data[p00 + ch]
  if (inY0 && inX1) sum += w10 * data[p00 + RGB + ch]
  if (inY1 && inX0) sum += w01 * data[p00 + stride + ch]
  if (inY1 && inX1) sum += w11 * data[p00 + stride + RGB + ch]
  return (sum + 0.5) | 0
}

/**
 * warpAffine + toTensor in one pass (the detector/landmark/liveness inputs need no uint8 image):
 * same values, about half the time. Samples are rounded to 8 bits as the two-step path does.
 */
export function warpToTensor(src: RgbImage, outToSrc: Affine, outW: number, outH: number, spec: TensorSpec): Float32Array {
  const [, b, , d] = outToSrc
  if (b === 0 && d === 0) return resizeToTensor(src, outToSrc, outW, outH, spec)
  return warpToTensorGeneral(src, outToSrc, outW, outH, spec)
}

/**
 * The per-pixel path of warpToTensor, for any affine map. Exported so tests can check that the
 * axis-aligned fast paths give the same values bit for bit: x = a*u + b*v + c is evaluated as in
 * axisTaps (not accumulated), with the same weights, summation order and rounding.
 */
export function warpToTensorGeneral(src: RgbImage, outToSrc: Affine, outW: number, outH: number, spec: TensorSpec): Float32Array {
  const [a, b, c, d, e, f] = outToSrc
  const { data, width, height } = src
  const n = outW * outH
  const gray = spec.channelOrder === 'GRAY'
  const out = new Float32Array(gray ? n : n * RGB)
  const stride = width * RGB
  const lut = normalizeLuts(spec)
  const planes = planeOffsets(spec, n)
  let o = 0
  for (let v = 0; v < outH; v++) {
    for (let u = 0; u < outW; u++, o++) {
      const x = a * u + b * v + c
      const y = d * u + e * v + f
      const x0 = Math.floor(x)
      const y0 = Math.floor(y)
      if (x0 < -1 || y0 < -1 || x0 >= width || y0 >= height) {
        if (gray) out[o] = lut.gray[0]
        else {
          out[planes.r + o] = lut.r[0]
          out[n + o] = lut.g[0]
          out[planes.b + o] = lut.b[0]
        }
        continue
      }
      const fx = x - x0
      const fy = y - y0
      // Neighbours outside the image are black: weight 0, as in axisTaps.
      const inX0 = x0 >= 0
      const inX1 = x0 + 1 < width
      const inY0 = y0 >= 0
      const inY1 = y0 + 1 < height
      const w00 = (inX0 ? 1 - fx : 0) * (inY0 ? 1 - fy : 0)
      const w10 = (inX1 ? fx : 0) * (inY0 ? 1 - fy : 0)
      const w01 = (inX0 ? 1 - fx : 0) * (inY1 ? fy : 0)
      const w11 = (inX1 ? fx : 0) * (inY1 ? fy : 0)
      const r0 = inY0 ? y0 * stride : 0
      const r1 = inY1 ? (y0 + 1) * stride : 0
      const c0 = inX0 ? x0 * RGB : 0
      const c1 = inX1 ? (x0 + 1) * RGB : 0
      const r = (w00 * data[r0 + c0] + w10 * data[r0 + c1] + w01 * data[r1 + c0] + w11 * data[r1 + c1] + 0.5) | 0
      const g = (w00 * data[r0 + c0 + 1] + w10 * data[r0 + c1 + 1] + w01 * data[r1 + c0 + 1] + w11 * data[r1 + c1 + 1] + 0.5) | 0
      const bl = (w00 * data[r0 + c0 + 2] + w10 * data[r0 + c1 + 2] + w01 * data[r1 + c0 + 2] + w11 * data[r1 + c1 + 2] + 0.5) | 0
      if (gray) out[o] = lut.gray[luma(r, g, bl)]
      else {
        out[planes.r + o] = lut.r[r]
        out[n + o] = lut.g[g]
        out[planes.b + o] = lut.b[bl]
      }
    }
  }
  return out
}

/** Rounded BT.601 luma of one pixel (+0.5 and truncation: Math.round for values >= 0, faster in V8). */
function luma(r: number, g: number, b: number): number {
  return (LUMA_R * r + LUMA_G * g + LUMA_B * b + 0.5) | 0
}

/**
 * (v - mean) / std as float32 for every 8-bit v, per source channel (R, G, B) and for gray:
 * the same float32 values as computing (v - mean) * (1 / std) per pixel.
 */
function normalizeLuts(spec: TensorSpec): Luts {
  const cached = lutCache.get(spec)
  if (cached) return cached
  const bgr = spec.channelOrder === 'BGR'
  const [mean0, mean1 = 0, mean2 = 0] = spec.mean
  const [std0, std1 = 1, std2 = 1] = spec.std
  const table = (mean: number, std: number) => {
    const inv = 1 / std
    const t = new Float32Array(256)
    for (let v = 0; v < 256; v++) t[v] = (v - mean) * inv
    return t
  }
  const gray = table(mean0, std0)
  const luts = { r: bgr ? table(mean2, std2) : gray, g: table(mean1, std1), b: bgr ? gray : table(mean2, std2), gray }
  lutCache.set(spec, luts)
  return luts
}

interface Luts {
  r: Float32Array
  g: Float32Array
  b: Float32Array
  gray: Float32Array
}

/** Specs are the manifest's (long-lived) objects: build their tables once. */
const lutCache = new WeakMap<TensorSpec, Luts>()

/** Output plane offsets of the source R and B channels (G is always the middle plane). */
function planeOffsets(spec: TensorSpec, n: number): { r: number; b: number } {
  const bgr = spec.channelOrder === 'BGR'
  return { r: bgr ? 2 * n : 0, b: bgr ? 0 : 2 * n }
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
 * separable taps computed once per row and column, a lookup table for the normalisation, and an
 * integer path for an exact even downscale (640x480 camera frames to the 320x240 or 160x120 detector).
 * Same values as warpToTensorGeneral, bit for bit.
 */
function resizeToTensor(src: RgbImage, outToSrc: Affine, outW: number, outH: number, spec: TensorSpec): Float32Array {
  const [a, , c, , e, f] = outToSrc
  const { width, height } = src
  const n = outW * outH
  const lut = normalizeLuts(spec)
  const cols = () => axisTaps(a, c, outW, width, RGB)
  const rows = () => axisTaps(e, f, outH, height, width * RGB)
  if (spec.channelOrder === 'GRAY') {
    const out = new Float32Array(n)
    resizeSeparable(src.data, cols(), rows(), true, out, out, out, lut)
    return out
  }
  const out = new Float32Array(n * RGB)
  const planes = planeOffsets(spec, n)
  const outR = out.subarray(planes.r, planes.r + n)
  const outG = out.subarray(n, 2 * n)
  const outB = out.subarray(planes.b, planes.b + n)
  // An even integer downscale k (640x480 camera frames to 320x240 or 160x120): pixel centres at
  // k*u + k/2 - 0.5, so every weight is exactly 1/4 and the float sum is (sum + 2) >> 2.
  if (isEvenDownscale(a, c, width, outW) && e === a && isEvenDownscale(e, f, height, outH)) {
    blockMeanRgb(src.data, width, a, outW, outH, outR, outG, outB, lut)
  } else {
    resizeSeparable(src.data, cols(), rows(), false, outR, outG, outB, lut)
  }
  return out
}

type Taps = ReturnType<typeof axisTaps>

/** Separable bilinear sampling into three planes, or (gray) into `outR` alone as rounded luma. */
function resizeSeparable(data: Uint8Array, cols: Taps, rows: Taps, gray: boolean, outR: Float32Array, outG: Float32Array, outB: Float32Array, lut: Luts): void {
  const { i0: ci0, i1: ci1, w0: cw0, w1: cw1 } = cols
  const { i0: ri0, i1: ri1, w0: rw0, w1: rw1 } = rows
  const { r: lutR, g: lutG, b: lutB, gray: lutGray } = lut
  const outW = ci0.length
  // Columns and rows whose taps are all outside the image (a padded frame's border, a crop past the
  // edge) sample black: every weight is 0, so the loop below would give 0 there too.
  const inside = (u: number) => cw0[u] !== 0 || cw1[u] !== 0
  let uStart = 0
  while (uStart < outW && !inside(uStart)) uStart++
  let uEnd = outW
  while (uEnd > uStart && !inside(uEnd - 1)) uEnd--
  const black = (from: number, to: number) => {
    if (from >= to) return
    if (gray) outR.fill(lutGray[0], from, to)
    else {
      outR.fill(lutR[0], from, to)
      outG.fill(lutG[0], from, to)
      outB.fill(lutB[0], from, to)
    }
  }
  for (let v = 0; v < ri0.length; v++) {
    const rowStart = v * outW
    const r0 = ri0[v]
    const r1 = ri1[v]
    const wy0 = rw0[v]
    const wy1 = rw1[v]
    if (wy0 === 0 && wy1 === 0) {
      black(rowStart, rowStart + outW)
      continue
    }
    black(rowStart, rowStart + uStart)
    black(rowStart + uEnd, rowStart + outW)
    for (let u = uStart, o = rowStart + uStart; u < uEnd; u++, o++) {
      const wx0 = cw0[u]
      const wx1 = cw1[u]
      const w00 = wx0 * wy0
      const w10 = wx1 * wy0
      const w01 = wx0 * wy1
      const w11 = wx1 * wy1
      const p00 = r0 + ci0[u]
      const p10 = r0 + ci1[u]
      const p01 = r1 + ci0[u]
      const p11 = r1 + ci1[u]
      // Samples are >= 0, so +0.5 and truncation rounds like Math.round.
      const r = (w00 * data[p00] + w10 * data[p10] + w01 * data[p01] + w11 * data[p11] + 0.5) | 0
      const g = (w00 * data[p00 + 1] + w10 * data[p10 + 1] + w01 * data[p01 + 1] + w11 * data[p11 + 1] + 0.5) | 0
      const b = (w00 * data[p00 + 2] + w10 * data[p10 + 2] + w01 * data[p01 + 2] + w11 * data[p11 + 2] + 0.5) | 0
      if (gray) outR[o] = lutGray[luma(r, g, b)]
      else {
        outR[o] = lutR[r]
        outG[o] = lutG[g]
        outB[o] = lutB[b]
      }
    }
  }
}

function isEvenDownscale(scale: number, offset: number, srcSize: number, outSize: number): boolean {
  return Number.isInteger(scale) && scale % 2 === 0 && offset === scale / 2 - 0.5 && srcSize === scale * outSize
}

/** Mean of the 2x2 pixels around each block centre of a k x k block (k even), rounded as the float path. */
function blockMeanRgb(data: Uint8Array, width: number, scale: number, outW: number, outH: number, outR: Float32Array, outG: Float32Array, outB: Float32Array, lut: Luts): void {
  const { r: lutR, g: lutG, b: lutB } = lut
  // The scale comes from a float division: as an int32 the offsets below stay integers to V8 (2x faster).
  const k = scale | 0
  const stride = width * RGB
  const first = (k / 2 - 1) * (stride + RGB)
  let o = 0
  for (let v = 0; v < outH; v++) {
    let p = k * v * stride + first
    for (let u = 0; u < outW; u++, o++, p += k * RGB) {
      const q = p + stride
      outR[o] = lutR[(data[p] + data[p + 3] + data[q] + data[q + 3] + 2) >> 2]
      outG[o] = lutG[(data[p + 1] + data[p + 4] + data[q + 1] + data[q + 4] + 2) >> 2]
      outB[o] = lutB[(data[p + 2] + data[p + 5] + data[q + 2] + data[q + 5] + 2) >> 2]
    }
  }
}

/** Rounded BT.601 luma per pixel. */
export function toGray(img: RgbImage): Uint8Array {
  const n = img.width * img.height
  const out = new Uint8Array(n)
  const d = img.data
  for (let i = 0, p = 0; i < n; i++, p += RGB) out[i] = luma(d[p], d[p + 1], d[p + 2])
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
  // The lookup tables hold (v - mean) * (1 / std) as float32: the values this loop computed per pixel before.
  const { r: lutR, g: lutG, b: lutB } = normalizeLuts(spec)
  const out = new Float32Array(n * RGB)
  const planes = planeOffsets(spec, n)
  const outR = out.subarray(planes.r, planes.r + n)
  const outG = out.subarray(n, 2 * n)
  const outB = out.subarray(planes.b, planes.b + n)
  for (let i = 0, p = 0; i < n; i++, p += RGB) {
    outR[i] = lutR[d[p]]
    outG[i] = lutG[d[p + 1]]
    outB[i] = lutB[d[p + 2]]
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
