const TICK_MS = 250

/** One shared "now" for countdowns and held messages, ticking while anything reads it. */
class Clock {
  now = $state(Date.now())
  private timer: ReturnType<typeof setInterval> | null = null

  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => (this.now = Date.now()), TICK_MS)
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }
}

export const clock = new Clock()
