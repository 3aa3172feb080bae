import { describe, expect, it } from 'vitest'
import { tripletLoss } from '../../../src/main/engine/triplet'

const v = (...xs: number[]) => Float32Array.from(xs)

describe('tripletLoss (the seed definition)', () => {
  it('sums max(|a-p|^2 - |a-n|^2 + alpha, 0) over the batch', () => {
    // item 1: |a-p|^2 = 1, |a-n|^2 = 4 -> 1 - 4 + 0.2 < 0 -> 0
    // item 2: |a-p|^2 = 4 + 1 = 5, |a-n|^2 = 1 -> 5 - 1 + 0.2 = 4.2
    // item 3: |a-p|^2 = 0.25, |a-n|^2 = 0.25 -> 0.2
    const anchor = [v(0, 0), v(1, 1), v(0.5, 0)]
    const positive = [v(1, 0), v(3, 2), v(0, 0)]
    const negative = [v(2, 0), v(1, 2), v(1, 0)]
    expect(tripletLoss(anchor, positive, negative)).toBeCloseTo(4.4, 6)
  })

  it('uses the given alpha', () => {
    // |a-p|^2 = 1, |a-n|^2 = 1: loss = alpha
    expect(tripletLoss([v(0, 0)], [v(1, 0)], [v(0, 1)], 0.5)).toBeCloseTo(0.5, 6)
    expect(tripletLoss([v(0, 0)], [v(1, 0)], [v(0, 1)], 0)).toBe(0)
  })

  it('is zero for an easy batch and for an empty batch', () => {
    expect(tripletLoss([v(0, 0, 0)], [v(0, 0, 0.1)], [v(3, 0, 0)])).toBe(0)
    expect(tripletLoss([], [], [])).toBe(0)
  })

  it('rejects mismatched batch sizes with a typed error', () => {
    expect(() => tripletLoss([v(0)], [], [v(1)])).toThrowError(expect.objectContaining({ code: 'INVALID_PAYLOAD' }))
  })
})
