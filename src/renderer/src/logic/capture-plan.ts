/**
 * Guided camera enrollment: when to keep a frame automatically. A frame is kept when the engine says it
 * is good, enough time has passed since the previous one, the target is not reached yet, and the face
 * has moved or turned since the last photo kept (varied photos make a better template of the
 * resident); a person who cannot move still gets a photo after `varietyWaitMs`.
 */
export interface CapturePolicy {
  target: number
  /** Minimum spacing between automatic captures. */
  spacingMs: number
  /** Consecutive good checks needed before a capture (avoids keeping a frame mid-movement). */
  stableChecks: number
  /** The face box must have moved or changed size by this share of its width since the last capture ... */
  minChange?: number
  /** ... unless this long has passed since the last capture. */
  varietyWaitMs?: number
}

export interface FaceBox {
  x: number
  y: number
  width: number
  height: number
}

export const DEFAULT_CAPTURE_POLICY: CapturePolicy = { target: 5, spacingMs: 900, stableChecks: 2, minChange: 0.08, varietyWaitMs: 3000 }

/** How far a face box moved or changed size, as a share of the earlier box's width. */
export function boxChange(a: FaceBox, b: FaceBox): number {
  const dx = b.x + b.width / 2 - (a.x + a.width / 2)
  const dy = b.y + b.height / 2 - (a.y + a.height / 2)
  return Math.max(Math.abs(dx), Math.abs(dy), Math.abs(b.width - a.width)) / Math.max(1, a.width)
}

export class AutoCapture {
  private goodInARow = 0
  private lastCaptureAt = Number.NEGATIVE_INFINITY
  private lastBox: FaceBox | null = null

  constructor(private readonly policy: CapturePolicy = DEFAULT_CAPTURE_POLICY) {}

  /** Feeds one quality check (and the face box it found); true means: keep the frame that was checked. */
  shouldCapture(ok: boolean, now: number, captured: number, box: FaceBox | null = null): boolean {
    this.goodInARow = ok ? this.goodInARow + 1 : 0
    if (!ok || captured >= this.policy.target) return false
    if (this.goodInARow < this.policy.stableChecks || now - this.lastCaptureAt < this.policy.spacingMs) return false
    const varied = this.lastBox === null || box === null || boxChange(this.lastBox, box) >= (this.policy.minChange ?? 0)
    if (!varied && now - this.lastCaptureAt < (this.policy.varietyWaitMs ?? 0)) return false
    this.lastCaptureAt = now
    this.lastBox = box
    this.goodInARow = 0
    return true
  }

  /** A manual capture also restarts the spacing (and is the photo the next one must differ from). */
  noteManualCapture(now: number, box: FaceBox | null = null): void {
    this.lastCaptureAt = now
    if (box !== null) this.lastBox = box
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
