import { CHALLENGE_KINDS, type ChallengeKind } from '../../shared/settings'
import type { AccessFrame, FacePose } from '../access/types'

/**
 * Active liveness: the kiosk asks for a random sequence of small actions (blink, turn the head to
 * one's left or right) and watches the landmarks frame by frame. A printed photo cannot blink and
 * cannot turn its head (tilting it moves no nose off the eye line); a replayed video only passes by
 * chance if it happens to do the random steps in order, each within its time, starting from the
 * neutral pose that every step requires first. Pure logic: time comes from the frames.
 */
export { CHALLENGE_KINDS, type ChallengeKind }

export interface ChallengeRules {
  /** Steps per attempt. */
  steps: number
  /** Kinds to draw from. */
  kinds: readonly ChallengeKind[]
  /** Each step must be done within this time after it was asked for. */
  stepTimeoutMs: number
  /** Attempts (a fresh random sequence each) before the challenge fails. */
  attempts: number
  /** A turn counts from this yaw (degrees) in the asked direction... */
  turnMinDeg: number
  /** ... after the head was seen frontal (|yaw| at most this) during the step. */
  frontalMaxDeg: number
  /** Eye readings count only on a face this frontal (the eye model is unreliable on turned heads). */
  eyesMaxYawDeg: number
}

/** The eye model's calibrated cut-offs on p(closed) (from the model manifest). */
export interface EyeCuts {
  closedAtOrAbove: number
  openBelow: number
}

export type ChallengeOutcome = 'running' | 'passed' | 'retry' | 'failed'

export interface ChallengeState {
  /** The step being asked for. */
  kind: ChallengeKind
  /** 0-based index of that step, and the number of steps. */
  step: number
  steps: number
  /** 1-based attempt, and the attempts allowed. */
  attempt: number
  attempts: number
  /** When the current step times out, epoch ms. */
  endsAt: number
  /** Steps done in this attempt. */
  done: ChallengeKind[]
}

/**
 * `count` kinds at random, never the same kind twice in a row (when there is a choice), so a step is
 * always a new movement.
 */
export function drawSteps(kinds: readonly ChallengeKind[], count: number, random: () => number): ChallengeKind[] {
  const steps: ChallengeKind[] = []
  for (let i = 0; i < count; i++) {
    const choices = kinds.length > 1 ? kinds.filter((k) => k !== steps[i - 1]) : kinds
    steps.push(choices[Math.min(choices.length - 1, Math.floor(random() * choices.length))]!)
  }
  return steps
}

/** Progress within one step: the neutral pose seen first, then (blink) the closed eyes. */
interface StepProgress {
  armed: boolean
  closedSeen: boolean
}

const FRESH: StepProgress = { armed: false, closedSeen: false }

type EyeState = 'open' | 'closed' | 'unknown'

function eyeState(pose: FacePose, rules: ChallengeRules, cuts: EyeCuts): EyeState {
  if (pose.eyesClosed === null || Math.abs(pose.yawDeg) > rules.eyesMaxYawDeg) return 'unknown'
  if (pose.eyesClosed >= cuts.closedAtOrAbove) return 'closed'
  return pose.eyesClosed < cuts.openBelow ? 'open' : 'unknown'
}

/** One frame's effect on a step: the new progress, and whether the step is done. */
export function advanceStep(kind: ChallengeKind, progress: StepProgress, pose: FacePose, rules: ChallengeRules, cuts: EyeCuts | null): { progress: StepProgress; done: boolean } {
  if (kind === 'blink') {
    const eyes = cuts === null ? 'unknown' : eyeState(pose, rules, cuts)
    if (eyes === 'open') return progress.closedSeen ? { progress, done: true } : { progress: { armed: true, closedSeen: false }, done: false }
    if (eyes === 'closed' && progress.armed) return { progress: { armed: true, closedSeen: true }, done: false }
    return { progress, done: false }
  }
  // The person's own left: the nose moves towards the image's right, which the yaw counts as positive.
  const towards = kind === 'turn-left' ? pose.yawDeg : -pose.yawDeg
  if (Math.abs(pose.yawDeg) <= rules.frontalMaxDeg) return { progress: { armed: true, closedSeen: false }, done: false }
  return { progress, done: progress.armed && towards >= rules.turnMinDeg }
}

export class LivenessChallenge {
  private steps: ChallengeKind[]
  private index = 0
  private attempt = 1
  private stepStartedAt: number
  private progress: StepProgress = FRESH

  constructor(
    private readonly rules: ChallengeRules,
    private readonly eyeCuts: EyeCuts | null,
    private readonly random: () => number,
    /** The resident the challenge is for: identity was agreed before it started. */
    readonly residentId: string,
    at: number
  ) {
    this.steps = drawSteps(this.kinds(), rules.steps, random)
    this.stepStartedAt = at
  }

  /** Blinks need the eye model's cut-offs; without them only head turns are asked for. */
  private kinds(): readonly ChallengeKind[] {
    const usable = this.eyeCuts === null ? this.rules.kinds.filter((k) => k !== 'blink') : this.rules.kinds
    return usable.length > 0 ? usable : CHALLENGE_KINDS.filter((k) => k !== 'blink')
  }

  get state(): ChallengeState {
    return {
      kind: this.steps[this.index]!,
      step: this.index,
      steps: this.steps.length,
      attempt: this.attempt,
      attempts: this.rules.attempts,
      endsAt: this.stepStartedAt + this.rules.stepTimeoutMs,
      done: this.steps.slice(0, this.index)
    }
  }

  /** Steps asked for in this attempt (for the log). */
  get sequence(): readonly ChallengeKind[] {
    return this.steps
  }

  /** One frame of the challenged face. */
  observe(frame: AccessFrame): ChallengeOutcome {
    if (frame.at >= this.stepStartedAt + this.rules.stepTimeoutMs) return this.timeOut(frame.at)
    if (frame.pose === undefined) return 'running'
    const { progress, done } = advanceStep(this.steps[this.index]!, this.progress, frame.pose, this.rules, this.eyeCuts)
    this.progress = progress
    if (!done) return 'running'
    this.index++
    this.progress = FRESH
    this.stepStartedAt = frame.at
    return this.index >= this.steps.length ? 'passed' : 'running'
  }

  private timeOut(at: number): ChallengeOutcome {
    if (this.attempt >= this.rules.attempts) return 'failed'
    this.attempt++
    this.steps = drawSteps(this.kinds(), this.rules.steps, this.random)
    this.index = 0
    this.progress = FRESH
    this.stepStartedAt = at
    return 'retry'
  }
}
