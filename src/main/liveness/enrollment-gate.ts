import { hasContext, logit, type PassiveOperatingPoint, type PassiveReading } from './passive'

/**
 * Camera enrollment, beyond each photo's own gate: the captures of one request are judged together
 * like the kiosk's window (mean clamped log-odds of the faces with context, at the passive model's
 * calibrated pass cut), so one lucky frame of a replayed video cannot enroll its face.
 */
export interface CaptureSetVerdict {
  live: boolean
  /** Mean clamped log-odds of the captures with context, or null when none had context. */
  meanLogit: number | null
  captures: number
}

export function judgeCaptureSet(readings: readonly PassiveReading[], op: PassiveOperatingPoint): CaptureSetVerdict {
  const logits = readings.flatMap((r) => (typeof r.liveness === 'number' && hasContext(r, op) ? [logit(r.liveness, op.logitClamp)] : []))
  if (logits.length === 0) return { live: false, meanLogit: null, captures: readings.length }
  const meanLogit = logits.reduce((a, b) => a + b, 0) / logits.length
  return { live: meanLogit >= op.passAtLogit, meanLogit, captures: readings.length }
}
