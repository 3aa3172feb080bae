/**
 * "About 1 stranger in N attempts": N = 1 / rate rounded to one significant digit, because the rate
 * is an estimate from a calibration, not a count (1 / 1.2e-4 reads "about 1 in 8,000").
 * Null when no stranger can be let in (rate 0: nobody enrolled).
 */
export function oneStrangerIn(rate: number): number | null {
  if (!(rate > 0)) return null
  const n = 1 / rate
  const magnitude = 10 ** Math.floor(Math.log10(n))
  return Math.max(1, Math.round(n / magnitude) * magnitude)
}
