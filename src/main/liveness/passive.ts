import type { AccessFrame, LivenessEvidence, LivenessVerdict } from '../access/types'

/**
 * Passive liveness over a window: each frame's p(live) from the passive model becomes clamped
 * log-odds; the mean over the tracked face's last `windowMs` is compared with two cut-offs. Frames
 * whose face has no context (tight crop, face cut by the frame edge) are not evidence at all, so a
 * crop can never make the decision fail open. Pure functions; the operating point comes from the
 * model manifest (calibrated by `npm run bench:liveness`).
 */
export interface PassiveOperatingPoint {
  logitClamp: number
  passAtLogit: number
  failBelowLogit: number
  windowMs: number
  minFrames: number
  minContextScale: number
}

/** What the engine reports about one face (structurally its EmbeddedFace + quality). */
export interface PassiveReading {
  /** p(live), or null when not scored. */
  liveness: number | null
  /** Liveness crop side / face box side, or null when not scored. */
  livenessContext: number | null
  /** The face box is cut by the frame edge. */
  touchesBorder: boolean
}

export type PassiveStatus = 'pass' | 'fail' | 'unsure'

/**
 * Why a window is unsure: still collecting its first frames; frames keep coming without context
 * (a tight crop: only a challenge can tell); the mean falls between the two cut-offs; or (camera
 * evidence, see evidence.ts) the face has not moved off one plane nor blinked.
 */
export type UnsureReason = 'collecting' | 'no-context' | 'between-cuts' | 'no-motion'

export interface PassiveWindow {
  status: PassiveStatus
  /** Set when status is 'unsure'. */
  unsureBecause?: UnsureReason
  /** Mean clamped log-odds of the frames used, or null when none. */
  meanLogit: number | null
  /** Mean p(live) of the frames used (for the log), or null. */
  meanScore: number | null
  /** Frames with a score and context in the window. */
  framesUsed: number
  /** Frames in the window left out: no context, or no score. */
  framesWithoutContext: number
  detail: string
}

export function logit(p: number, clamp: number): number {
  const eps = 1e-9
  const q = Math.min(Math.max(p, eps), 1 - eps)
  return Math.max(-clamp, Math.min(clamp, Math.log(q / (1 - q))))
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x))
}

/** Enough background around the face for the context-based model, and the face not cut by the edge. */
export function hasContext(reading: Pick<PassiveReading, 'livenessContext' | 'touchesBorder'>, op: Pick<PassiveOperatingPoint, 'minContextScale'>): boolean {
  return !reading.touchesBorder && typeof reading.livenessContext === 'number' && reading.livenessContext >= op.minContextScale
}

/** One frame judged alone at the operating point (the per-frame figures of the benchmark). */
export function frameVerdict(reading: PassiveReading, op: PassiveOperatingPoint): LivenessVerdict {
  if (typeof reading.liveness !== 'number' || !Number.isFinite(reading.liveness) || !hasContext(reading, op)) return 'unsure'
  const l = logit(reading.liveness, op.logitClamp)
  return l >= op.passAtLogit ? 'live' : l < op.failBelowLogit ? 'spoof' : 'unsure'
}

/** The access frame's liveness evidence from the engine's reading of the subject face. */
export function passiveEvidence(reading: PassiveReading, op: PassiveOperatingPoint): LivenessEvidence {
  const score = typeof reading.liveness === 'number' && Number.isFinite(reading.liveness) ? reading.liveness : null
  const context = hasContext(reading, op)
  return {
    verdict: frameVerdict(reading, op),
    score,
    context: reading.livenessContext,
    hasContext: context,
    source: score === null ? 'passive: not scored' : context ? 'passive' : 'passive: no context (tight crop or face at the frame edge)'
  }
}

/** Frame evidence usable by the window: scored and with context. */
function usable(e: LivenessEvidence | undefined): e is LivenessEvidence & { score: number } {
  return e !== undefined && typeof e.score === 'number' && Number.isFinite(e.score) && e.hasContext === true
}

const round2 = (v: number): number => Math.round(v * 100) / 100

/** The passive decision over the frames of the last `windowMs` before `at` (oldest first). */
export function judgePassiveWindow(frames: readonly AccessFrame[], at: number, op: PassiveOperatingPoint): PassiveWindow {
  const recent = frames.filter((f) => f.at > at - op.windowMs && f.at <= at && f.liveness !== undefined)
  const used = recent.flatMap((f) => (usable(f.liveness) ? [f.liveness.score] : []))
  // Unscored frames count with the context-less ones: neither is evidence, and neither may stall the decision.
  const framesWithoutContext = recent.length - used.length
  const base = { framesUsed: used.length, framesWithoutContext }
  if (used.length < op.minFrames) {
    const unsureBecause: UnsureReason = used.length + framesWithoutContext >= op.minFrames ? 'no-context' : 'collecting'
    const why = framesWithoutContext > 0 ? `${framesWithoutContext} frame(s) without context or score` : 'collecting'
    return { ...base, status: 'unsure', unsureBecause, meanLogit: null, meanScore: null, detail: `passive: ${used.length} of ${op.minFrames} frames with context (${why})` }
  }
  const meanLogit = used.reduce((s, p) => s + logit(p, op.logitClamp), 0) / used.length
  const meanScore = used.reduce((s, p) => s + p, 0) / used.length
  const status: PassiveStatus = meanLogit >= op.passAtLogit ? 'pass' : meanLogit < op.failBelowLogit ? 'fail' : 'unsure'
  const detail = `passive: mean log-odds ${round2(meanLogit)} over ${used.length} frames (live at >= ${op.passAtLogit}, spoof below ${op.failBelowLogit})`
  return status === 'unsure' ? { ...base, status, unsureBecause: 'between-cuts', meanLogit, meanScore, detail } : { ...base, status, meanLogit, meanScore, detail }
}
