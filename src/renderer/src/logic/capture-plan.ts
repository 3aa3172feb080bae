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

/** Hints that need settled evidence: one frame says little (a live face can read as a photo for a frame). */
const SETTLED_HINTS: ReadonlySet<string> = new Set(['not-live'])

/**
 * The capture hint to show. Most hints follow each check at once; "Use a real face, not a photo" only
 * once `checks` checks in a row said so (until then "checking"), so a live person is not told they are
 * a photo because of one frame. Main judges the kept photos as a set anyway when they are sent.
 */
export class SettledHint {
  private last: string | null = null
  private streak = 0

  constructor(private readonly checks: number) {}

  next(hint: string): string | null {
    this.streak = hint === this.last ? this.streak + 1 : 1
    this.last = hint
    return !SETTLED_HINTS.has(hint) || this.streak >= this.checks ? hint : null
  }

  reset(): void {
    this.last = null
    this.streak = 0
  }
}
