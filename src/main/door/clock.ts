/**
 * Time as a dependency: the controller asks this for "now" and for its relock timers, so tests
 * can drive it with a manual clock instead of waiting.
 */
export interface TimerHandle {
  cancel(): void
}

export interface Clock {
  now(): number
  setTimer(ms: number, fn: () => void): TimerHandle
  /** Resolves after ms (used for retry backoff). */
  sleep(ms: number): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const id = setTimeout(fn, ms)
    return { cancel: () => clearTimeout(id) }
  },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
}
