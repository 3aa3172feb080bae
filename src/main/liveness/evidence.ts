import type { AccessFrame } from '../access/types'
import { embeddingDistance } from '../access/window'
import type { EyeCuts } from './challenge'
import { judgePassiveWindow, type PassiveOperatingPoint } from './passive'
import { nonPlanarMotion } from './planar'
import type { LivenessJudgement, LivenessPolicy } from './policy'

/**
 * Liveness from everything a real camera shows over time, not from one model alone:
 * - change: a real sensor never delivers the same face twice; a face that has not changed at all
 *   for a while is a still picture injected into the video (or a virtual camera): a spoof;
 * - the passive model over a window that stretches at slow frame rates (a phone replay fails it);
 * - 3D: a head that turns or nods moves its landmarks off one plane; a photo moved in a hand does
 *   not (nonPlanarMotion), and a photo cannot blink.
 * Live needs all three; without motion or a blink the verdict is unsure (a challenge may ask for
 * one). Measured figures: README "Liveness" and `npm run bench:liveness`.
 */
export interface EvidenceRules {
  motionCut: number
  historyMs: number
  motionWaitMs: number
  staticDelta: number
  staticAfterMs: number
  passiveMinFrames: number
  passiveMaxWindowMs: number
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000

/** Frames whose face changed from the previous one (by more than the same-picture distance). */
export function changedFrames(frames: readonly AccessFrame[], staticDelta: number): number {
  let changes = 0
  for (let i = 1; i < frames.length; i++) {
    const a = frames[i - 1]!.face?.embedding
    const b = frames[i]!.face?.embedding
    if (a && b && embeddingDistance(a, b) > staticDelta) changes++
  }
  return changes
}

/** A closing eye narrows its landmarks too: the eye aspect ratio drops to this share of the open eye's, or less. */
const BLINK_ASPECT_SHARE = 0.8

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor((sorted.length - 1) / 2)]!
}

/**
 * A closed-eye frame and an open-eye frame in the same history: a blink. The eye model alone flickers
 * on a photo held in a hand (it read one frame of a printed open eye as closed), so where the
 * landmarks' eye aspect ratio is measured the closed frame must also show narrower eyes than the open
 * ones: a printed eye keeps its shape.
 */
export function sawBlink(frames: readonly AccessFrame[], eyes: EyeCuts | null): boolean {
  if (eyes === null) return false
  const read = frames.flatMap((f) => (typeof f.pose?.eyesClosed === 'number' ? [{ p: f.pose.eyesClosed, aspect: f.pose.eyeAspect ?? null }] : []))
  const open = read.filter((r) => r.p < eyes.openBelow)
  const closed = read.filter((r) => r.p >= eyes.closedAtOrAbove)
  if (open.length === 0 || closed.length === 0) return false
  const openAspects = open.flatMap((r) => (r.aspect === null ? [] : [r.aspect]))
  if (openAspects.length === 0) return true
  const narrow = median(openAspects) * BLINK_ASPECT_SHARE
  return closed.some((r) => r.aspect !== null && r.aspect <= narrow)
}

/**
 * The passive window at the measured frame rate: at full rate the operating point's own window and
 * frame count; when frames are slow the window stretches (up to passiveMaxWindowMs) and the count
 * shrinks (down to passiveMinFrames), so a 1 frame/s kiosk still decides in a few seconds.
 */
export function passiveAtRate(op: PassiveOperatingPoint, intervalMs: number | null, rules: EvidenceRules): PassiveOperatingPoint {
  if (intervalMs === null || intervalMs <= 0) return op
  const windowMs = Math.min(rules.passiveMaxWindowMs, Math.max(op.windowMs, op.minFrames * intervalMs))
  const fit = Math.floor(windowMs / intervalMs)
  const minFrames = Math.max(rules.passiveMinFrames, Math.min(op.minFrames, fit))
  return { ...op, windowMs, minFrames }
}

export function cameraEvidencePolicy(op: PassiveOperatingPoint, eyes: EyeCuts | null, rules: EvidenceRules): LivenessPolicy {
  return {
    historyMs: Math.max(rules.historyMs, rules.passiveMaxWindowMs),
    judge({ history, at, intervalMs }): LivenessJudgement {
      const recent = history.filter((f) => f.at > at - rules.historyMs)
      const span = recent.length > 0 ? at - recent[0]!.at : 0
      const changes = changedFrames(recent, rules.staticDelta)
      if (changes === 0 && recent.length >= 3 && span >= rules.staticAfterMs) {
        return { status: 'fail', score: null, detail: `still image: the face did not change over ${recent.length} frames (${(span / 1000).toFixed(1)} s)` }
      }
      const passive = judgePassiveWindow(history, at, passiveAtRate(op, intervalMs ?? null, rules))
      const motion = nonPlanarMotion(recent.flatMap((f) => (f.face ? [f.face.landmarks68] : [])))
      const blink = sawBlink(recent, eyes)
      const threeD = blink || (motion !== null && motion >= rules.motionCut)
      const detail = `${passive.detail}; motion ${motion === null ? '-' : round3(motion)} (3D at >= ${rules.motionCut})${blink ? ', blink seen' : ''}; ${changes} changed frame(s)`
      const score = passive.meanScore
      if (passive.status === 'fail') return { status: 'fail', score, detail }
      if (passive.status === 'pass' && threeD && changes > 0) return { status: 'pass', score, detail }
      if (passive.unsureBecause === 'collecting') return { status: 'unsure', unsureBecause: 'collecting', score, detail }
      if (!threeD && span < rules.motionWaitMs) return { status: 'unsure', unsureBecause: 'collecting', score, detail }
      return { status: 'unsure', unsureBecause: passive.status === 'pass' ? 'no-motion' : (passive.unsureBecause ?? 'between-cuts'), score, detail }
    }
  }
}
