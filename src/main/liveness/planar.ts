/**
 * 3D consistency from landmarks: a flat picture moved in a hand (or shown on a phone held to the
 * camera) maps its landmarks from one frame to the next by one plane-to-plane transform, a
 * homography. A real head turning or nodding does not: the nose moves against the face outline
 * (parallax). The residual of the best homography, relative to the inter-ocular distance, is the
 * landmark model's own noise (~0.02) for a picture and several times more for a live head.
 * Pure functions.
 */
export type Point = readonly [number, number]

/** Outer eye corners of the 68-point iBUG layout: the inter-ocular distance that scales residuals. */
const LEFT_EYE_OUTER = 36
const RIGHT_EYE_OUTER = 45
const MIN_POINTS = 5

/** Hartley normalisation: centroid at the origin, mean distance sqrt(2). */
function normaliser(points: readonly Point[]): { apply(p: Point): [number, number]; scale: number; cx: number; cy: number } {
  const n = points.length
  const cx = points.reduce((s, p) => s + p[0], 0) / n
  const cy = points.reduce((s, p) => s + p[1], 0) / n
  const meanDist = points.reduce((s, p) => s + Math.hypot(p[0] - cx, p[1] - cy), 0) / n
  const scale = meanDist > 0 ? Math.SQRT2 / meanDist : 1
  return { apply: (p) => [(p[0] - cx) * scale, (p[1] - cy) * scale], scale, cx, cy }
}

/** Solves A x = b (n x n) by Gaussian elimination with partial pivoting; null when singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length
  const m = a.map((row, i) => [...row, b[i]!])
  for (let col = 0; col < n; col++) {
    let pivot = col
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r
    if (Math.abs(m[pivot]![col]!) < 1e-12) return null
    ;[m[col], m[pivot]] = [m[pivot]!, m[col]!]
    for (let r = col + 1; r < n; r++) {
      const f = m[r]![col]! / m[col]![col]!
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!
    }
  }
  const x = new Array<number>(n).fill(0)
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!
    for (let c = r + 1; c < n; c++) s -= m[r]![c]! * x[c]!
    x[r] = s / m[r]![r]!
  }
  return x
}

/**
 * RMS distance, in pixels of `to`, between `to` and `from` mapped by the least-squares homography
 * (linear DLT with h33 = 1 on normalised points). Null when the points are degenerate.
 */
export function homographyResidual(from: readonly Point[], to: readonly Point[]): number | null {
  const n = Math.min(from.length, to.length)
  if (n < MIN_POINTS) return null
  const nf = normaliser(from.slice(0, n))
  const nt = normaliser(to.slice(0, n))
  const ata = Array.from({ length: 8 }, () => new Array<number>(8).fill(0))
  const atb = new Array<number>(8).fill(0)
  const add = (row: number[], rhs: number): void => {
    for (let i = 0; i < 8; i++) {
      atb[i]! += row[i]! * rhs
      for (let j = 0; j < 8; j++) ata[i]![j]! += row[i]! * row[j]!
    }
  }
  const src = from.slice(0, n).map((p) => nf.apply(p))
  const dst = to.slice(0, n).map((p) => nt.apply(p))
  for (let i = 0; i < n; i++) {
    const [x, y] = src[i]!
    const [u, v] = dst[i]!
    add([x, y, 1, 0, 0, 0, -u * x, -u * y], u)
    add([0, 0, 0, x, y, 1, -v * x, -v * y], v)
  }
  const h = solve(ata, atb)
  if (h === null) return null
  let sum = 0
  for (let i = 0; i < n; i++) {
    const [x, y] = src[i]!
    const w = h[6]! * x + h[7]! * y + 1
    const u = (h[0]! * x + h[1]! * y + h[2]!) / w
    const v = (h[3]! * x + h[4]! * y + h[5]!) / w
    // Back to pixels of `to`.
    sum += ((u - dst[i]![0]) ** 2 + (v - dst[i]![1]) ** 2) / nt.scale ** 2
  }
  return Math.sqrt(sum / n)
}

export function interOcular(landmarks68: readonly Point[]): number {
  const a = landmarks68[LEFT_EYE_OUTER]
  const b = landmarks68[RIGHT_EYE_OUTER]
  return a && b ? Math.hypot(a[0] - b[0], a[1] - b[1]) : 0
}

/**
 * Non-planar motion over a sequence of one face's landmarks (oldest first): the largest homography
 * residual from the first frame to any later one, over the inter-ocular distance. Null with fewer
 * than two usable frames.
 */
export function nonPlanarMotion(sequence: readonly (readonly Point[])[]): number | null {
  const first = sequence[0]
  if (!first || sequence.length < 2) return null
  const scale = interOcular(first)
  if (!(scale > 0)) return null
  let best: number | null = null
  for (const later of sequence.slice(1)) {
    const r = homographyResidual(first, later)
    if (r !== null) best = Math.max(best ?? 0, r / scale)
  }
  return best
}
