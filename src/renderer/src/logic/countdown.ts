/** Whole seconds left until `until` (rounded up, so a countdown reaches 0 only at the end). */
export function secondsLeft(until: number | null, now: number): number {
  if (until === null) return 0
  return Math.max(0, Math.ceil((until - now) / 1000))
}

/** Fraction of a period still left, 0..1, for countdown rings. */
export function fractionLeft(startedAt: number, until: number, now: number): number {
  const total = until - startedAt
  if (total <= 0) return 0
  return Math.min(1, Math.max(0, (until - now) / total))
}
