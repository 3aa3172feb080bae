import type { AccessFrame, FaceTrace } from './types'

export interface WindowLimits {
  /** N: at most this many frames. */
  windowFrames: number
  /** T: only frames this recent. */
  windowMs: number
}

export interface TrackRule {
  /** Longest gap without frames that a track survives. */
  appearanceGapMs: number
  maxShiftFaces: number
  maxEmbeddingDistance: number
}

/** Intervals between frames used for the frame-rate estimate. */
const RATE_SAMPLES = 8

/** L2 distance between two embeddings. */
export function embeddingDistance(a: Float32Array, b: Float32Array): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2
  return Math.sqrt(s)
}

/** The next face continues the last one: close to where it was, and the same person by embedding. */
export function continuesTrack(last: FaceTrace, next: FaceTrace, rule: TrackRule): boolean {
  const shift = Math.hypot(next.cx - last.cx, next.cy - last.cy) / Math.max(last.size, next.size, 1)
  return shift <= rule.maxShiftFaces && embeddingDistance(last.embedding, next.embedding) <= rule.maxEmbeddingDistance
}

/**
 * The frames of the current face appearance (one track). An appearance ends with a frame without a
 * face, a new tracker id, a gap longer than the appearance gap, or a face that does not continue the
 * last one (elsewhere in the frame, or another person). Denials are reported once per appearance, a
 * grant happens at most once per appearance, and a spoof verdict holds for the rest of it.
 */
export class FaceWindow {
  private frames: AccessFrame[] = []
  /** The appearance's frames within the liveness history span (longer than the agreement window). */
  private history: AccessFrame[] = []
  private started: number | null = null
  private last: AccessFrame | null = null
  private intervals: number[] = []
  /** A denial was already reported for this appearance. */
  denialReported = false
  /** The resident this appearance was granted to: later frames are not judged again. */
  grantedTo: string | null = null
  /** The liveness evidence called this appearance a spoof: no grant until the face leaves. */
  spoofDetail: string | null = null

  /** Start of the current appearance, or null when no face is present. */
  get appearanceStart(): number | null {
    return this.started
  }

  /** Median time between the appearance's recent frames, or null before the second frame. */
  get frameIntervalMs(): number | null {
    if (this.intervals.length === 0) return null
    const sorted = [...this.intervals].sort((a, b) => a - b)
    // Lower median: one long gap among two samples does not stretch the window.
    return sorted[Math.floor((sorted.length - 1) / 2)]!
  }

  /** Adds a face frame, keeping `historyMs` of the appearance; returns true when it starts a new appearance. */
  push(frame: AccessFrame, rule: TrackRule, historyMs = 0): boolean {
    const last = this.last
    const gap = last === null ? Infinity : frame.at - last.at
    const newTrack = frame.trackId !== undefined && last?.trackId !== undefined && frame.trackId !== last.trackId
    const discontinuous = last?.face !== undefined && frame.face !== undefined && !continuesTrack(last.face, frame.face, rule)
    const isNew = this.started === null || gap > rule.appearanceGapMs || newTrack || discontinuous
    if (isNew) this.startAppearance(frame.at)
    else this.intervals = [...this.intervals, gap].slice(-RATE_SAMPLES)
    this.frames.push(frame)
    this.history = [...this.history.filter((f) => f.at > frame.at - historyMs), frame]
    this.last = frame
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

  endAppearance(): void {
    this.frames = []
    this.history = []
    this.started = null
    this.last = null
    this.intervals = []
    this.denialReported = false
    this.grantedTo = null
    this.spoofDetail = null
  }

  private startAppearance(at: number): void {
    this.endAppearance()
    this.started = at
  }
}
