/** Public API of the access decision (pure logic, no I/O). */
export { AccessDecider } from './decider'
export type { AccessDeciderOptions } from './decider'
export {
  accessConfigSchema,
  parseAccessConfig,
  DEFAULT_ACCESS_CONFIG,
  DEFAULT_PRESET_SOURCES,
  SENSITIVITY_PRESETS,
  accessConfigFromSettings
} from './config'
export type { AccessConfig, AccessConfigInput, AccessSettings, SensitivityPreset, ThresholdSource } from './config'
export { resolveThreshold, presetThreshold } from './thresholds'
export { fractionLivenessPolicy, passiveWindowPolicy } from './liveness'
export type { LivenessInput, LivenessJudgement, LivenessPolicy } from './liveness'
export { frameVerdict, hasContext, judgePassiveWindow, logit, passiveEvidence, sigmoid } from './passive'
export type { PassiveOperatingPoint, PassiveReading, PassiveWindow, UnsureReason } from './passive'
export { CHALLENGE_KINDS, LivenessChallenge, drawSteps } from './challenge'
export type { ChallengeKind, ChallengeOutcome, ChallengeRules, ChallengeState, EyeCuts } from './challenge'
export type { LivenessCalibrationInput } from './decider'
export { formatDuration } from './messages'
export * from './types'
