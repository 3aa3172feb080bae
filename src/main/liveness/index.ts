/**
 * Liveness (anti-spoofing) in one place: the evidence a camera gives over time (passive model
 * window, frame-to-frame change, non-planar motion, blinks), the policy that weighs it, the active
 * challenge, and the gate for enrollment captures. Access decisions and enrollment both use it; the
 * engine only runs the models.
 */
export { fractionLivenessPolicy, passiveWindowPolicy } from './policy'
export type { LivenessInput, LivenessJudgement, LivenessPolicy } from './policy'
export { frameVerdict, hasContext, judgePassiveWindow, logit, passiveEvidence, sigmoid } from './passive'
export type { PassiveOperatingPoint, PassiveReading, PassiveWindow, UnsureReason } from './passive'
export { CHALLENGE_KINDS, LivenessChallenge, drawSteps } from './challenge'
export type { ChallengeKind, ChallengeOutcome, ChallengeRules, ChallengeState, EyeCuts } from './challenge'
export { homographyResidual, nonPlanarMotion } from './planar'
export { cameraEvidencePolicy, changedFrames, passiveAtRate, sawBlink } from './evidence'
export type { EvidenceRules } from './evidence'
