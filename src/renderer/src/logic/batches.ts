/**
 * Splits photos into upload batches: at most `maxCount` per request (the contract's limit) and at most
 * `maxBytes` per request (one WebSocket message must stay well below the wire limit). A photo larger
 * than `maxBytes` still travels, alone.
 */
export function planBatches(sizes: readonly number[], maxCount: number, maxBytes: number): number[][] {
  const batches: number[][] = []
  let current: number[] = []
  let bytes = 0
  sizes.forEach((size, index) => {
    if (current.length > 0 && (current.length >= maxCount || bytes + size > maxBytes)) {
      batches.push(current)
      current = []
      bytes = 0
    }
    current.push(index)
    bytes += size
  })
  if (current.length > 0) batches.push(current)
  return batches
}

/** Percentage done, for the progress bar. */
export function percent(done: number, total: number): number {
  return total <= 0 ? 0 : Math.round((Math.min(done, total) / total) * 100)
}
