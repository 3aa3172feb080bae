/** Small timing helpers for the benchmarks: run, collect milliseconds, report median and p95. */

export interface Timing {
  median: number
  p95: number
  samples: number
  /** Median process CPU time (user + system, all threads) of the same calls, when recorded. */
  cpuMedian?: number
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

function cpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/**
 * Per-stage samples collected over repeated runs of a multi-stage job: wall time, and process CPU
 * time, which is what a single-threaded stage costs even when other jobs share the cores.
 */
export class StageClock {
  private readonly stages = new Map<string, { wall: number[]; cpu: number[] }>()

  /** Times one call and files it under `stage`. */
  async time<T>(stage: string, fn: () => Promise<T> | T): Promise<T> {
    const c0 = cpuMs()
    const t0 = performance.now()
    const out = await fn()
    const wall = performance.now() - t0
    this.add(stage, wall, cpuMs() - c0)
    return out
  }

  add(stage: string, wallMs: number, cpu: number): void {
    const entry = this.stages.get(stage) ?? { wall: [], cpu: [] }
    entry.wall.push(wallMs)
    entry.cpu.push(cpu)
    this.stages.set(stage, entry)
  }

  /** Appends every sample of `other` (e.g. one block of a longer run) to this clock. */
  absorb(other: StageClock): void {
    for (const [stage, { wall, cpu }] of other.stages) wall.forEach((w, i) => this.add(stage, w, cpu[i]))
  }

  summary(): Array<[string, Timing]> {
    return [...this.stages].map(([stage, { wall, cpu }]) => [stage, { ...summarize(wall), cpuMedian: summarize(cpu).median }])
  }
}

export const fmt = (ms: number) => ms.toFixed(2).padStart(8)

export function printStages(title: string, rows: Array<[string, Timing]>): void {
  console.log(`\n${title}`)
  console.log(`  ${'stage'.padEnd(34)} ${'median ms'.padStart(9)} ${'p95 ms'.padStart(8)} ${'cpu ms'.padStart(8)}   n`)
  for (const [stage, t] of rows) console.log(`  ${stage.padEnd(34)} ${fmt(t.median)}  ${fmt(t.p95)} ${fmt(t.cpuMedian ?? NaN)}   ${t.samples}`)
}
