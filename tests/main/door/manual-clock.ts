import type { Clock, TimerHandle } from '../../../src/main/door/clock'

interface Pending {
  at: number
  fn: () => void
  cancelled: boolean
}

/** A clock that only moves when the test says so; timers fire in time order during `advance`. */
export class ManualClock implements Clock {
  private time: number
  private timers: Pending[] = []

  constructor(start = 1_700_000_000_000) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const pending: Pending = { at: this.time + ms, fn, cancelled: false }
    this.timers.push(pending)
    return { cancel: () => (pending.cancelled = true) }
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(ms, resolve))
  }

  /** Number of timers still waiting. */
  get pendingCount(): number {
    return this.timers.filter((t) => !t.cancelled).length
  }

  /** Moves time forward, firing due timers; `settle` runs after each so queued work can schedule more. */
  async advance(ms: number, settle: () => Promise<void> = flushMicrotasks): Promise<void> {
    const target = this.time + ms
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled)
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0]
      if (!due) break
      this.time = due.at
      this.timers.splice(this.timers.indexOf(due), 1)
      due.fn()
      await settle()
    }
    this.time = target
    await settle()
  }
}

export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve()
}
