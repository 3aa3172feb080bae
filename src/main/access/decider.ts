import { AppError } from '../../shared/errors'
import { denialReason, findAgreement } from './agreement'
import type { Agreement } from './agreement'
import type { AccessConfig } from './config'
import { parseAccessConfig } from './config'
import { CooldownTracker } from './cooldown'
import { checkIdentification, checkVerification } from './frame-check'
import type { FrameCheck } from './frame-check'
import { LivenessChallenge, type ChallengeOutcome, type EyeCuts } from '../liveness/challenge'
import { fractionLivenessPolicy } from '../liveness/policy'
import { cameraEvidencePolicy } from '../liveness/evidence'
import type { LivenessJudgement, LivenessPolicy } from '../liveness/policy'
import type { PassiveOperatingPoint } from '../liveness/passive'
import { LockoutTracker, type LockoutState } from './lockout'
import { fuseEmbeddings, type ProbeMatcher } from './fusion'
import { explain } from './messages'
import { thresholdInForce, type GallerySize, type ThresholdInForce } from './thresholds'
import { FaceWindow, type TrackRule, type WindowLimits } from './window'
import type {
  AccessDecision,
  AccessFrame,
  AccessMode,
  Claim,
  DecisionReason,
  DecisionResult,
  LivenessSummary,
  MatchThresholdsInput
} from './types'

/** The liveness models' calibrated operating points (the engine's LivenessCalibration fits this shape). */
export interface LivenessCalibrationInput {
  passive: PassiveOperatingPoint
  eyes: EyeCuts
}

export interface AccessDeciderOptions {
  /** Access settings (validated here; defaults fill the gaps). */
  config?: unknown
  /** The active embedding model's calibrated thresholds (the engine's MatchThresholds). */
  thresholds: MatchThresholdsInput
  /**
   * The passive and eye models' operating points (the engine's livenessCalibration). Without them
   * the passive check falls back to the per-frame fraction policy and challenges use head turns only.
   */
  livenessCalibration?: LivenessCalibrationInput
  /** Liveness over frames; default: the camera evidence policy at the calibrated operating point (see liveness/evidence.ts). */
  liveness?: LivenessPolicy
  /** Draws the random challenge steps (default Math.random; tests pass a seeded one). */
  random?: () => number
  /** Display name of a resident, for messages (default: the id). */
  nameOf?: (residentId: string) => string
  /** What a face is compared with (default 1 template; see setGallerySize). */
  gallerySize?: GallerySize
  /**
   * The gallery for a fused probe (see fusion.ts). With it, and config.fuseTrack, the open-set test
   * is applied to the quality-weighted mean of the frames that name the candidate; without it, each
   * frame is tested on its own and K of them must pass.
   */
  matcher?: ProbeMatcher
  /** Claim failures and lockouts saved before a restart, and where new ones go (ClaimLockoutFile). */
  lockouts?: { initial: LockoutState; changed: (state: LockoutState) => void }
}

/** The one lockout record of the kiosk when failed claims are counted per kiosk. */
const KIOSK_LOCKOUT_KEY = '\u0000kiosk'
/** Unknown claim codes, counted together when lockouts are per resident. */
const UNKNOWN_CLAIM_KEY = '\u0000unknown-code'

interface ActiveClaim extends Claim {
  /** A face was seen during the claim: only then does a timeout count as a failed attempt. */
  sawFace: boolean
}

/** Infinity (empty gallery, no second resident) is not a number the UI, the log or JSON can carry. */
function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/** What a decision says beyond its result and reason. */
interface DecisionParts {
  residentId?: string | null
  candidateId?: string | null
  checks?: readonly FrameCheck[]
  agreement?: Agreement
  liveness?: LivenessJudgement
  final?: boolean
  until?: number
  lockoutMs?: number
}

/**
 * Decides access from a stream of per-frame match results. Pure logic: no I/O and no clock, time
 * comes from the frames and calls. Identification (anyone enrolled) or verification (a claim first,
 * then 1:1), agreement of K of the last N frames within T ms, preset threshold, margin, liveness,
 * cooldown after a grant, and lockout of a claim after repeated failures.
 */
export class AccessDecider {
  private config: AccessConfig
  private thresholds: MatchThresholdsInput
  private threshold: number
  /** Residents' rows (photos and templates): the threshold in force follows it (see thresholds.ts). */
  private gallerySize: GallerySize
  private readonly customLiveness: LivenessPolicy | undefined
  private readonly calibration: LivenessCalibrationInput | undefined
  private readonly random: () => number
  private livenessPolicy: LivenessPolicy
  /** The active challenge of the current appearance, if any. */
  private challenge: LivenessChallenge | null = null
  /** This appearance already failed its challenge: no new attempts until the face leaves. */
  private challengeSpent = false
  private readonly nameOf: (residentId: string) => string
  private readonly matcher: ProbeMatcher | undefined
  private readonly window = new FaceWindow()
  private readonly cooldowns = new CooldownTracker()
  private readonly lockouts: LockoutTracker
  private claimed: ActiveClaim | null = null
  private lastAt: number | null = null

  constructor(options: AccessDeciderOptions) {
    this.config = parseAccessConfig(options.config)
    this.thresholds = options.thresholds
    this.gallerySize = options.gallerySize ?? 1
    this.threshold = thresholdInForce(this.config, this.thresholds, this.gallerySize).threshold
    this.customLiveness = options.liveness
    this.calibration = options.livenessCalibration
    this.random = options.random ?? Math.random
    this.livenessPolicy = this.defaultPolicy(this.config)
    this.nameOf = options.nameOf ?? ((id) => id)
    this.matcher = options.matcher
    this.lockouts = new LockoutTracker(this.config.lockout, options.lockouts?.initial, options.lockouts?.changed)
  }

  get mode(): AccessMode {
    return this.config.mode
  }

  /** L2 threshold of the active preset for the current gallery size. */
  get activeThreshold(): number {
    return this.threshold
  }

  /** What a preset (default: the active one) means with the current gallery: threshold and stranger rate. */
  thresholdInForce(preset = this.config.preset): ThresholdInForce {
    return thresholdInForce(this.config, this.thresholds, this.gallerySize, preset)
  }

  /**
   * Enrollment changed: a stranger is now compared with these rows (residents' photos or templates),
   * so the threshold in force is recomputed to keep the preset's false-open rate per stranger attempt.
   */
  setGallerySize(gallery: GallerySize): void {
    this.threshold = thresholdInForce(this.config, this.thresholds, gallery).threshold
    this.gallerySize = gallery
  }

  get settings(): AccessConfig {
    return this.config
  }

  /** The pending claim (verification mode), if any. */
  get activeClaim(): Claim | null {
    return this.claimed === null ? null : { residentId: this.claimed.residentId, at: this.claimed.at, source: this.claimed.source }
  }

  /** New settings: the current appearance and claim start over; cooldowns and lockouts stay. */
  configure(input: unknown): void {
    const config = parseAccessConfig(input)
    const threshold = thresholdInForce(config, this.thresholds, this.gallerySize).threshold
    this.config = config
    this.threshold = threshold
    this.livenessPolicy = this.defaultPolicy(config)
    this.lockouts.setRule(config.lockout)
    this.reset()
  }

  /** Another embedding model became active: its own calibrated thresholds apply. */
  setThresholds(thresholds: MatchThresholdsInput): void {
    this.threshold = thresholdInForce(this.config, thresholds, this.gallerySize).threshold
    this.thresholds = thresholds
    this.reset()
  }

  /**
   * Forgets the current appearance and claim (not cooldowns or lockouts). Also called when residents
   * change (deleted, renamed, re-enrolled): frames matched against the old gallery no longer count.
   */
  reset(): void {
    this.endAppearance()
    this.claimed = null
  }

  private defaultPolicy(config: AccessConfig): LivenessPolicy {
    if (this.customLiveness) return this.customLiveness
    return this.calibration
      ? cameraEvidencePolicy(this.calibration.passive, this.calibration.eyes, config.liveness.evidence)
      : fractionLivenessPolicy(config.liveness.minLiveFraction)
  }

  /** The face left (or another one came): its frames and its challenge are forgotten. */
  private endAppearance(): void {
    this.window.endAppearance()
    this.challenge = null
    this.challengeSpent = false
  }

  /** The door did not open: the resident may try again without waiting for the cooldown or leaving. */
  clearCooldown(residentId: string): void {
    this.cooldowns.clear(residentId)
    if (this.window.grantedTo === residentId) this.window.grantedTo = null
  }

  /** End of a claim's lockout, or null. */
  lockedUntil(residentId: string, at: number): number | null {
    return this.lockouts.lockedUntil(this.lockoutKey(residentId), at)
  }

  /** A claim with a code that matches nobody: a failure toward the lockout; the lockout end when it starts one. */
  recordUnknownClaim(at: number): number | null {
    return this.lockouts.recordFailure(this.lockoutKey(UNKNOWN_CLAIM_KEY), at)
  }

  /** End of the lockout that unknown claim codes are counted in, or null. */
  unknownClaimLockedUntil(at: number): number | null {
    return this.lockouts.lockedUntil(this.lockoutKey(UNKNOWN_CLAIM_KEY), at)
  }

  /** Failed claims count per kiosk, or per claimed resident (config.lockout.scope). */
  private lockoutKey(residentId: string): string {
    return this.config.lockout.scope === 'kiosk' ? KIOSK_LOCKOUT_KEY : residentId
  }

  /** Verification mode: a resident claims an identity (tap, typed code, badge). */
  claim(claim: Claim): AccessDecision {
    if (this.config.mode !== 'verification') {
      throw new AppError('INVALID_PAYLOAD', 'Identity claims are only used in verification mode: switch the access mode in settings')
    }
    this.claimed = null
    this.endAppearance()
    const lockedUntil = this.lockouts.lockedUntil(this.lockoutKey(claim.residentId), claim.at)
    if (lockedUntil !== null) {
      return this.decide('locked-out', 'locked-out', claim.at, { candidateId: claim.residentId, final: true, until: lockedUntil }, claim.residentId)
    }
    const cooldownUntil = this.cooldowns.activeUntil(claim.residentId, claim.at)
    if (cooldownUntil !== null) {
      return this.decide('cooldown', 'cooldown', claim.at, { residentId: claim.residentId, candidateId: claim.residentId, until: cooldownUntil }, claim.residentId)
    }
    this.claimed = { ...claim, sawFace: false }
    return this.decide('pending', 'collecting', claim.at, { candidateId: claim.residentId })
  }

  /** Drops the pending claim (the person walked away or pressed cancel); not a failure. */
  cancelClaim(): void {
    this.claimed = null
    this.endAppearance()
  }

  /** Time passes without frames: expires a claim that timed out. Returns that decision, or null. */
  tick(at: number): AccessDecision | null {
    return this.expireClaim(at)
  }

  /** One camera frame: returns the decision as of this frame (see AccessDecision.final). */
  observe(frame: AccessFrame): AccessDecision {
    if (this.lastAt !== null && frame.at < this.lastAt) return this.decide('pending', 'out-of-order', frame.at, {})
    this.lastAt = frame.at
    const expired = this.expireClaim(frame.at)
    if (expired) return expired
    if (frame.match === null) {
      this.endAppearance()
      return this.decide('pending', 'no-face', frame.at, { candidateId: this.claimed?.residentId ?? null })
    }
    if (this.window.push(frame, this.trackRule(), this.livenessPolicy.historyMs ?? 0)) {
      this.challenge = null
      this.challengeSpent = false
    }
    if (this.config.mode === 'verification' && this.claimed === null) return this.decide('pending', 'awaiting-claim', frame.at, {})
    if (this.claimed) this.claimed.sawFace = true
    return this.evaluate(frame)
  }

  private trackRule(): TrackRule {
    return { appearanceGapMs: this.config.appearanceGapMs, ...this.config.track }
  }

  /**
   * K of N within T at the measured frame rate: as many agreeing frames as fit in confirmMs (within
   * minFrames..maxFrames), N = K / agreeFraction, and T long enough to hold N frames at that rate.
   */
  agreementLimits(): WindowLimits & { framesRequired: number } {
    const { confirmMs, minFrames, maxFrames, agreeFraction, windowMs } = this.config.agreement
    const interval = this.window.frameIntervalMs
    const fit = Math.ceil(confirmMs / (interval !== null && interval > 0 ? interval : this.config.agreement.nominalIntervalMs))
    const framesRequired = Math.max(minFrames, Math.min(maxFrames, fit))
    const windowFrames = Math.ceil(framesRequired / agreeFraction)
    const stretched = interval === null ? 0 : Math.ceil((windowFrames + 0.5) * interval)
    return { framesRequired, windowFrames, windowMs: Math.max(windowMs, stretched) }
  }

  private evaluate(frame: AccessFrame): AccessDecision {
    const at = frame.at
    const frames = this.window.recent(at, this.agreementLimits())
    const checks = frames.map((f) => this.check(f))
    const agreement = findAgreement(checks)
    const parts: DecisionParts = { checks, agreement, candidateId: agreement.candidateId }
    // One grant per appearance: the resident stays welcome, and is not judged again, until they leave.
    if (this.window.grantedTo !== null) return this.decide('pending', 'already-granted', at, { residentId: this.window.grantedTo, candidateId: this.window.grantedTo })
    if ((frame.othersInView ?? 0) > 0 && !this.config.allowSeveralFaces) {
      this.challenge = null
      return this.deny('several-faces', at, parts)
    }
    if (this.window.spoofDetail !== null) {
      const liveness: LivenessJudgement = { status: 'fail', score: null, detail: `earlier in this appearance: ${this.window.spoofDetail}` }
      return this.deny('liveness-failed', at, { ...parts, liveness })
    }
    if (this.challenge !== null) {
      const latest = checks.at(-1)
      // Another resident clearly in front of the camera: the challenge was not theirs.
      if (latest?.passed && latest.candidateId !== this.challenge.residentId) this.challenge = null
      else return this.continueChallenge(frame, this.challenge, parts)
    }
    const { framesRequired } = this.agreementLimits()
    const fused = this.fusedAgreement(checks)
    if (fused !== undefined) {
      const fusedParts: DecisionParts = { ...parts, agreement: fused, candidateId: fused.candidateId }
      if (fused.candidateId !== null && fused.agreeing.length >= framesRequired) return this.onAgreement(at, fused.candidateId, frames, fusedParts)
      if (!this.denialDue(at, frames.length)) return this.decide('pending', 'collecting', at, fusedParts)
      return this.deny(fused.latest?.failure === undefined ? denialReason(checks) : denialReason([fused.latest]), at, fusedParts)
    }
    // The frame being decided must itself be the resident: older frames never grant on someone else's face.
    const latest = checks.at(-1)
    const current = latest?.passed === true && latest.candidateId === agreement.candidateId
    if (current && agreement.agreeing.length >= framesRequired && agreement.candidateId !== null) {
      return this.onAgreement(at, agreement.candidateId, frames, parts)
    }
    if (!this.denialDue(at, frames.length)) return this.decide('pending', 'collecting', at, parts)
    return this.deny(denialReason(checks), at, parts)
  }

  /**
   * Track fusion (undefined when off or without a matcher): the candidate is the resident the frame
   * being decided names; the window's frames naming that resident are fused and the fused probe
   * takes the open-set test (threshold and margin, or the claim's rule). When it passes, those frames
   * are the agreeing ones (a grant needs K of them); when it fails, none agree.
   */
  private fusedAgreement(checks: readonly FrameCheck[]): Agreement | undefined {
    if (this.matcher === undefined || !this.config.fuseTrack) return undefined
    const latest = checks.at(-1)
    const candidateId = latest?.candidateId ?? null
    if (latest === undefined || candidateId === null) return { candidateId, agreeing: [], latest }
    const own = checks.filter((c) => c.candidateId === candidateId && c.frame.face !== undefined)
    // Fused from the first frame on, so the kiosk shows the agreeing frames climbing towards K.
    const probe = fuseEmbeddings(own.map((c) => c.frame))
    if (probe === null) return { candidateId, agreeing: [], latest }
    const frame: AccessFrame = { ...latest.frame, match: this.matcher.identify(probe) }
    if (this.claimed !== null) frame.claimDistance = this.matcher.distanceTo(probe, this.claimed.residentId)
    const check = this.check(frame)
    const agreed = check.passed && check.candidateId === candidateId
    // The fused check stands last among the agreeing frames, so a grant reports the fused distance.
    return { candidateId, agreeing: agreed ? [...own.slice(0, -1), check] : [], latest: check }
  }

  /**
   * Identity agreed: cooldown, then liveness by mode. A passive spoof is refused in every mode but
   * off; 'passive' grants on a pass and waits while unsure; 'challenge-if-unsure' grants on a pass and
   * challenges when unsure; 'always-challenge' challenges unless passive says spoof. While the passive
   * window is still collecting its first frames, every mode waits.
   */
  private onAgreement(at: number, residentId: string, frames: AccessFrame[], parts: DecisionParts): AccessDecision {
    const cooldownUntil = this.cooldowns.activeUntil(residentId, at)
    if (cooldownUntil !== null) return this.decide('cooldown', 'cooldown', at, { ...parts, residentId, until: cooldownUntil })
    const mode = this.config.liveness.mode
    if (mode === 'off') return this.grant(at, residentId, parts)
    const liveness = this.judgeLiveness(at, residentId, frames, parts)
    const judged = { ...parts, liveness }
    if (liveness.status === 'fail') return this.spoof(at, judged)
    if (liveness.status === 'pass' && mode !== 'always-challenge') return this.grant(at, residentId, judged)
    if (mode === 'passive' || liveness.unsureBecause === 'collecting') return this.decide('pending', 'liveness-unsure', at, judged)
    if (this.challengeSpent) return this.deny('challenge-failed', at, { ...judged, liveness: { ...liveness, status: 'fail' } })
    const challenge = new LivenessChallenge(this.config.liveness.challenge, this.calibration?.eyes ?? null, this.random, residentId, at)
    this.challenge = challenge
    return this.decide('pending', 'liveness-challenge', at, { ...judged, liveness: this.challengeJudgement(liveness, challenge) })
  }

  /**
   * Liveness of the resident's own face: only the appearance's frames that pass as that resident are
   * evidence, so motion or blinks of another face (a stranger who then holds up a resident's photo)
   * never count for them.
   */
  private judgeLiveness(at: number, residentId: string, frames: AccessFrame[], parts: DecisionParts): LivenessJudgement {
    const agreeing = (parts.agreement?.agreeing ?? []).map((c) => c.frame)
    const history = this.window.appearanceHistory().filter((f) => {
      const c = this.check(f)
      return c.passed && c.candidateId === residentId
    })
    return this.livenessPolicy.judge({ agreeing, window: frames, history, at, intervalMs: this.window.frameIntervalMs })
  }

  /**
   * A frame during a challenge: the passive check goes on (a spoof verdict ends it), the frame moves
   * the challenge on; identity was agreed when it started and the face has not left since.
   */
  private continueChallenge(frame: AccessFrame, challenge: LivenessChallenge, parts: DecisionParts): AccessDecision {
    const at = frame.at
    const residentId = challenge.residentId
    const own = { ...parts, candidateId: residentId }
    const passive = this.judgeLiveness(at, residentId, this.window.recent(at, this.agreementLimits()), parts)
    if (passive.status === 'fail') {
      this.challenge = null
      return this.spoof(at, { ...own, liveness: passive })
    }
    const outcome: ChallengeOutcome = challenge.observe(frame)
    if (outcome === 'passed') {
      this.challenge = null
      // The face that did the steps must still be the resident: a recent frame recognised as them.
      if (!(parts.checks ?? []).some((c) => c.passed && c.candidateId === residentId)) return this.decide('pending', 'collecting', at, parts)
      const detail = `challenge passed: ${challenge.sequence.join(', ')}; ${passive.detail ?? passive.status}`
      return this.grant(at, residentId, { ...own, liveness: { status: 'pass', score: passive.score, detail } })
    }
    if (outcome === 'failed') {
      this.challenge = null
      this.challengeSpent = true
      const detail = `challenge not completed (${this.config.liveness.challenge.attempts} attempts); ${passive.detail ?? passive.status}`
      return this.deny('challenge-failed', at, { ...own, liveness: { status: 'fail', score: passive.score, detail } })
    }
    return this.decide('pending', 'liveness-challenge', at, { ...own, liveness: this.challengeJudgement(passive, challenge) })
  }

  private challengeJudgement(passive: LivenessJudgement, challenge: LivenessChallenge): LivenessJudgement {
    const state = challenge.state
    return {
      status: 'unsure',
      score: passive.score,
      detail: `challenge step ${state.step + 1}/${state.steps} (${state.kind}), attempt ${state.attempt}/${state.attempts}; ${passive.detail ?? passive.status}`,
      challenge: state
    }
  }

  /** The evidence says spoof: refused, and no grant for the rest of this appearance. */
  private spoof(at: number, parts: DecisionParts): AccessDecision {
    this.window.spoofDetail = parts.liveness?.detail ?? 'liveness failed'
    return this.deny('liveness-failed', at, parts)
  }

  private grant(at: number, residentId: string, parts: DecisionParts): AccessDecision {
    const verifying = this.config.mode === 'verification'
    this.cooldowns.start(residentId, at, this.config.cooldownMs)
    this.window.grantedTo = residentId
    if (verifying) {
      this.lockouts.recordSuccess(this.lockoutKey(residentId))
      this.claimed = null
    }
    return this.decide('granted', verifying ? 'verified' : 'recognised', at, { ...parts, residentId, final: true }, verifying ? residentId : null)
  }

  /**
   * Identification: reported once per face appearance. Verification: ends the claim, counts a
   * failure toward the lockout and is always reported.
   */
  private deny(reason: DecisionReason, at: number, parts: DecisionParts): AccessDecision {
    if (this.claimed === null) {
      const final = !this.window.denialReported
      this.window.denialReported = true
      return this.decide('denied', reason, at, { ...parts, final })
    }
    const claimedId = this.claimed.residentId
    this.claimed = null
    this.endAppearance()
    const lockedUntil = this.lockouts.recordFailure(this.lockoutKey(claimedId), at)
    const lockout = lockedUntil === null ? {} : { until: lockedUntil, lockoutMs: lockedUntil - at }
    return this.decide('denied', reason, at, { ...parts, ...lockout, candidateId: claimedId, final: true }, claimedId)
  }

  private expireClaim(at: number): AccessDecision | null {
    const claim = this.claimed
    if (claim === null || at - claim.at < this.config.verification.claimTimeoutMs) return null
    if (claim.sawFace) return this.deny('claim-timeout', at, { candidateId: claim.residentId })
    // Nobody showed up: the claim lapses without counting as a failed attempt.
    this.claimed = null
    this.endAppearance()
    return this.decide('denied', 'claim-timeout', at, { candidateId: claim.residentId, final: true }, claim.residentId)
  }

  /** Enough frames seen without agreement: N frames in the window, or K frames over a whole window's time. */
  private denialDue(at: number, framesConsidered: number): boolean {
    const { framesRequired, windowFrames, windowMs } = this.agreementLimits()
    if (framesConsidered >= windowFrames) return true
    const start = this.window.appearanceStart
    const since = this.claimed ? Math.max(this.claimed.at, start ?? at) : (start ?? at)
    return framesConsidered >= framesRequired && at - since >= windowMs
  }

  private check(frame: AccessFrame): FrameCheck {
    // Only face frames enter the window.
    const match = frame.match!
    if (this.claimed !== null) {
      return checkVerification(frame, match, {
        claimedId: this.claimed.residentId,
        threshold: this.threshold,
        minMargin: this.config.verification.minMargin
      })
    }
    return checkIdentification(frame, match, { threshold: this.threshold, minMargin: this.config.minMargin })
  }

  private livenessSummary(judgement: LivenessJudgement | undefined): LivenessSummary {
    const mode = this.config.liveness.mode
    if (mode === 'off') return { mode, status: 'off', score: null }
    if (judgement === undefined) return { mode, status: 'not-evaluated', score: null }
    const summary: LivenessSummary = { mode, status: judgement.status, score: judgement.score }
    if (judgement.detail !== undefined) summary.detail = judgement.detail
    if (judgement.challenge !== undefined) summary.challenge = judgement.challenge
    return summary
  }

  private decide(
    result: DecisionResult,
    reason: DecisionReason,
    at: number,
    parts: DecisionParts,
    claimedId: string | null = this.claimed?.residentId ?? null
  ): AccessDecision {
    const agreeing = parts.agreement?.agreeing ?? []
    // Grants report their agreeing frames; other decisions the candidate's latest frame.
    const reported = result === 'granted' ? agreeing.at(-1) : parts.agreement?.latest
    const residentId = parts.residentId ?? null
    const candidateId = parts.candidateId ?? residentId
    const framesRequired = this.agreementLimits().framesRequired
    const decision: AccessDecision = {
      result,
      reason,
      message: explain(reason, {
        mode: this.config.mode,
        name: candidateId === null ? null : this.nameOf(candidateId),
        claimedName: claimedId === null ? null : this.nameOf(claimedId),
        framesAgreeing: agreeing.length,
        framesRequired,
        remainingMs: parts.until === undefined ? undefined : parts.until - at,
        lockoutMs: parts.lockoutMs,
        kioskWide: this.config.lockout.scope === 'kiosk',
        challenge: parts.liveness?.challenge
      }),
      mode: this.config.mode,
      at,
      residentId,
      candidateId,
      claimedId,
      distance: finiteOrNull(reported?.distance),
      margin: finiteOrNull(reported?.margin),
      threshold: this.threshold,
      framesAgreeing: agreeing.length,
      framesConsidered: parts.checks?.length ?? 0,
      framesRequired,
      liveness: this.livenessSummary(parts.liveness),
      final: parts.final ?? false
    }
    if (parts.until !== undefined) decision.until = parts.until
    return decision
  }
}
