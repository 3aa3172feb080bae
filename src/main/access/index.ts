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
export * from '../liveness'
export type { LivenessCalibrationInput } from './decider'
export { formatDuration } from './messages'
export * from './types'
