import { readFileSync } from 'node:fs'
import { performance, type EventLoopUtilization } from 'node:perf_hooks'

/** Counters of the calling thread: CPU it ran, time it was runnable but waited for a CPU. */
interface ThreadSched {
  cpuMs: number
  waitMs: number
}

/** Linux's /proc/thread-self/schedstat (ns on CPU, ns waiting on a run queue); null elsewhere. */
function threadSched(): ThreadSched | null {
  try {
    const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').trim().split(/\s+/).map(Number)
    return Number.isFinite(run) && Number.isFinite(wait) ? { cpuMs: run / 1e6, waitMs: wait / 1e6 } : null
  } catch {
    return null
  }
}

export interface ThreadShare {
  /** Share of the interval the event loop spent running callbacks (not waiting for I/O or timers). */
  elu: number
  /** CPU the thread itself ran, ms (null off Linux). */
  cpuMs: number | null
  /** Time the thread was ready to run but other threads (ours or other processes') held the CPUs, ms. */
  waitMs: number | null
  wallMs: number
}

/**
 * What the calling (main) thread did between start() and the returned stop(): the part of an
 * event-loop delay that is our own work (ELU, CPU) versus waiting for a CPU the machine's other
 * load holds. Split, because on a shared host the delay floor alone can exceed the target.
 */
export function measureThread(): () => ThreadShare {
  const t0 = performance.now()
  const elu0: EventLoopUtilization = performance.eventLoopUtilization()
  const s0 = threadSched()
  return () => {
    const s1 = threadSched()
    return {
      elu: performance.eventLoopUtilization(elu0).utilization,
      cpuMs: s0 && s1 ? s1.cpuMs - s0.cpuMs : null,
      waitMs: s0 && s1 ? s1.waitMs - s0.waitMs : null,
      wallMs: performance.now() - t0
    }
  }
}

/** One line: ELU, and CPU and run-queue wait per unit (a frame, or a second when idle). */
export function describeThread(share: ThreadShare, units: number, unit: string): string {
  const per = (ms: number | null) => (ms === null ? 'n/a' : `${(ms / Math.max(1, units)).toFixed(2)} ms`)
  return `event-loop utilisation ${(share.elu * 100).toFixed(1)}%, main thread's own CPU ${per(share.cpuMs)} per ${unit}, waited for a CPU ${per(share.waitMs)} per ${unit}`
}
