/**
 * Decides when the next camera frame may go to main: at most one in flight (frames are skipped while
 * main is busy, never queued), at most one per `minIntervalMs`, and an exponential back-off after
 * failures so an absent or broken service is not flooded.
 */
export interface PacerConfig {
  minIntervalMs: number
  firstBackoffMs: number
  maxBackoffMs: number
}

export interface PacerStats {
  sent: number
  succeeded: number
  failed: number
  /** Ticks that found main still busy: frames the camera produced that were not sent. */
  skippedBusy: number
}

export class FramePacer {
  private inFlight = false
  private nextAllowedAt = 0
  private backoffMs = 0
  readonly stats: PacerStats = { sent: 0, succeeded: 0, failed: 0, skippedBusy: 0 }

  constructor(private readonly config: PacerConfig) {}

  get busy(): boolean {
    return this.inFlight
  }

  /** Call on every tick; true means: capture a frame now and call `begin`. */
  ready(now: number): boolean {
    if (this.inFlight) {
      this.stats.skippedBusy++
      return false
    }
    return now >= this.nextAllowedAt
  }

  /** A frame was sent. The next slot counts from the send, so the rate stays steady whatever main's latency. */
  begin(now: number): void {
    this.inFlight = true
    this.stats.sent++
    this.nextAllowedAt = now + this.config.minIntervalMs
  }

  succeed(): void {
    this.inFlight = false
    this.backoffMs = 0
    this.stats.succeeded++
  }

  fail(now: number): void {
    this.inFlight = false
    this.stats.failed++
    this.backoffMs = this.backoffMs === 0 ? this.config.firstBackoffMs : Math.min(this.backoffMs * 2, this.config.maxBackoffMs)
    this.nextAllowedAt = Math.max(this.nextAllowedAt, now + this.backoffMs)
  }

  /** Drops an in-flight mark whose answer will never be used (e.g. the loop was paused). */
  reset(): void {
    this.inFlight = false
    this.backoffMs = 0
    this.nextAllowedAt = 0
  }
}
