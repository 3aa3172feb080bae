/**
 * Guided camera enrollment: when to keep a frame automatically. A frame is kept when the engine says it
 * is good, enough time has passed since the previous one (so the person can move a little: varied
 * photos) and the target is not reached yet.
 */
export interface CapturePolicy {
  target: number
  /** Minimum spacing between automatic captures. */
  spacingMs: number
  /** Consecutive good checks needed before a capture (avoids keeping a frame mid-movement). */
  stableChecks: number
}

export const DEFAULT_CAPTURE_POLICY: CapturePolicy = { target: 5, spacingMs: 900, stableChecks: 2 }

export class AutoCapture {
  private goodInARow = 0
  private lastCaptureAt = Number.NEGATIVE_INFINITY

  constructor(private readonly policy: CapturePolicy = DEFAULT_CAPTURE_POLICY) {}

  /** Feeds one quality check; true means: keep the frame that was checked. */
  shouldCapture(ok: boolean, now: number, captured: number): boolean {
    this.goodInARow = ok ? this.goodInARow + 1 : 0
    if (!ok || captured >= this.policy.target) return false
    if (this.goodInARow < this.policy.stableChecks || now - this.lastCaptureAt < this.policy.spacingMs) return false
    this.lastCaptureAt = now
    this.goodInARow = 0
    return true
  }

  /** A manual capture also restarts the spacing. */
  noteManualCapture(now: number): void {
    this.lastCaptureAt = now
  }
}
