/** Small timing helpers for the benchmarks: run, collect milliseconds, report median and p95. */

export interface Timing {
  median: number
  p95: number
  samples: number
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]
}

export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b)
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95), samples: sorted.length }
}

/** Per-stage samples collected over repeated runs of a multi-stage job. */
export class StageClock {
  private readonly stages = new Map<string, number[]>()

  /** Times one call and files it under `stage`. */
  async time<T>(stage: string, fn: () => Promise<T> | T): Promise<T> {
    const t0 = performance.now()
    const out = await fn()
    this.add(stage, performance.now() - t0)
    return out
  }

  add(stage: string, ms: number): void {
    const list = this.stages.get(stage) ?? []
    list.push(ms)
    this.stages.set(stage, list)
  }

  summary(): Array<[string, Timing]> {
    return [...this.stages].map(([stage, samples]) => [stage, summarize(samples)])
  }
}

export const fmt = (ms: number) => ms.toFixed(2).padStart(8)

export function printStages(title: string, rows: Array<[string, Timing]>): void {
  console.log(`\n${title}`)
  console.log(`  ${'stage'.padEnd(34)} ${'median ms'.padStart(9)} ${'p95 ms'.padStart(8)}   n`)
  for (const [stage, t] of rows) console.log(`  ${stage.padEnd(34)} ${fmt(t.median)}  ${fmt(t.p95)}   ${t.samples}`)
}
