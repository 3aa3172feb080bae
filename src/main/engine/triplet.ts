import { AppError } from '../../shared/errors'
import { squaredL2 } from './distance'

/** The seed's default triplet margin. */
export const DEFAULT_TRIPLET_ALPHA = 0.2

/**
 * The seed exercise's triplet loss, exactly: sum over the batch of
 * max(||a - p||^2 - ||a - n||^2 + alpha, 0).
 */
export function tripletLoss(
  anchor: Float32Array[],
  positive: Float32Array[],
  negative: Float32Array[],
  alpha: number = DEFAULT_TRIPLET_ALPHA
): number {
  if (anchor.length !== positive.length || anchor.length !== negative.length) {
    throw new AppError('INVALID_PAYLOAD', `Triplet batch sizes differ: ${anchor.length}/${positive.length}/${negative.length}`)
  }
  let loss = 0
  for (let i = 0; i < anchor.length; i++) {
    const basic = squaredL2(anchor[i], positive[i]) - squaredL2(anchor[i], negative[i]) + alpha
    loss += Math.max(basic, 0)
  }
  return loss
}
