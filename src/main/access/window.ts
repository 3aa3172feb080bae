import type { AccessFrame } from './types'

export interface WindowLimits {
  /** N: at most this many frames. */
  windowFrames: number
  /** T: only frames this recent. */
  windowMs: number
}

/**
 * The frames of the current face appearance. An appearance ends with a frame without a face, a
 * new tracker id, or a gap longer than the appearance gap; denials are reported once per appearance.
 */
export class FaceWindow {
  private frames: AccessFrame[] = []
  /** The appearance's frames within the liveness history span (longer than the agreement window). */
  private history: AccessFrame[] = []
  private started: number | null = null
  private lastFaceAt: number | null = null
  private trackId: AccessFrame['trackId']
  /** A denial was already reported for this appearance. */
  denialReported = false

  /** Start of the current appearance, or null when no face is present. */
  get appearanceStart(): number | null {
    return this.started
  }

  /** Adds a face frame, keeping `historyMs` of the appearance; returns true when it starts a new appearance. */
  push(frame: AccessFrame, appearanceGapMs: number, historyMs = 0): boolean {
    const gap = this.lastFaceAt === null ? Infinity : frame.at - this.lastFaceAt
    const newTrack = frame.trackId !== undefined && this.trackId !== undefined && frame.trackId !== this.trackId
    const isNew = this.started === null || gap > appearanceGapMs || newTrack
    if (isNew) this.startAppearance(frame.at)
    this.frames.push(frame)
    this.history = [...this.history.filter((f) => f.at > frame.at - historyMs), frame]
    this.lastFaceAt = frame.at
    if (frame.trackId !== undefined) this.trackId = frame.trackId
    return isNew
  }

  /** Frames within the last T ms and the last N frames at time `now`, oldest first; drops the rest. */
  recent(now: number, limits: WindowLimits): AccessFrame[] {
    const oldest = now - limits.windowMs
    this.frames = this.frames.filter((f) => f.at >= oldest).slice(-limits.windowFrames)
    return [...this.frames]
  }

  /** Frames of the current appearance within the history span, oldest first. */
  appearanceHistory(): readonly AccessFrame[] {
    return this.history
  }

  /** After a grant: a fresh agreement is needed, the appearance goes on. */
  clearFrames(): void {
    this.frames = []
  }

  endAppearance(): void {
    this.frames = []
    this.history = []
    this.started = null
    this.lastFaceAt = null
    this.trackId = undefined
    this.denialReported = false
  }

  private startAppearance(at: number): void {
    this.endAppearance()
    this.started = at
  }
}
