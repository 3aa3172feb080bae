/** Public API of the access decision (pure logic, no I/O). */
export { AccessDecider } from './decider'
export type { AccessDeciderOptions } from './decider'
export {
  accessConfigSchema,
  parseAccessConfig,
  DEFAULT_ACCESS_CONFIG,
  DEFAULT_STRANGER_RATES,
  DEFAULT_MIN_COMPARISON_FAR,
  SENSITIVITY_PRESETS,
  accessConfigFromSettings
} from './config'
export type { AccessConfig, AccessConfigInput, AccessSettings, SensitivityPreset, OpenSetConfig } from './config'
export { presetThreshold, thresholdInForce, strangerRateFor, comparisonFarFor } from './thresholds'
export type { ThresholdInForce, GalleryMix, GallerySize } from './thresholds'
export { fuseEmbeddings, frameQuality } from './fusion'
export type { ProbeMatcher } from './fusion'
export * from '../liveness'
export type { LivenessCalibrationInput } from './decider'
export { formatDuration } from './messages'
export { lockoutStateSchema, type LockoutState } from './lockout'
export * from './types'
