import { AppError } from '../../shared/errors'

function assertSameLength(a: Float32Array, b: Float32Array): void {
  if (a.length !== b.length) {
    throw new AppError('INVALID_PAYLOAD', `Embedding lengths differ (${a.length} vs ${b.length}): were they made by different models?`)
  }
}

/** Squared Euclidean distance. */
export function squaredL2(a: Float32Array, b: Float32Array): number {
  assertSameLength(a, b)
  let sum = 0
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i]
    sum += d * d
  }
  return sum
}

/** Euclidean (L2) distance; for unit vectors cos = 1 - d^2 / 2. */
export function l2Distance(a: Float32Array, b: Float32Array): number {
  return Math.sqrt(squaredL2(a, b))
}

/** Returns a new vector scaled to unit L2 norm (a zero vector stays zero). */
export function l2Normalize(v: ArrayLike<number>): Float32Array {
  let sum = 0
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i]
  const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0
  const out = new Float32Array(v.length)
  for (let i = 0; i < v.length; i++) out[i] = v[i] * inv
  return out
}
