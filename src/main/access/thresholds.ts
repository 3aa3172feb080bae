import { AppError } from '../../shared/errors'
import type { AccessConfig, SensitivityPreset, ThresholdSource } from './config'
import type { MatchThresholdsInput } from './types'

const FAR_PREFIX = 'far:'

/** The L2 threshold a preset stands for, from the active model's calibrated thresholds. */
export function resolveThreshold(source: ThresholdSource, thresholds: MatchThresholdsInput): number {
  const value = source === 'accuracy' ? thresholds.accuracy : thresholds.far[source.slice(FAR_PREFIX.length)]
  if (value === undefined || !Number.isFinite(value) || value <= 0) {
    const known = ['accuracy', ...Object.keys(thresholds.far).map((k) => FAR_PREFIX + k)].join(', ')
    throw new AppError(
      'MODELS_CORRUPT',
      `The active face model has no calibrated threshold for "${source}": choose another sensitivity preset or map it to one of ${known}`
    )
  }
  return value
}

/** Threshold of the configured preset. */
export function presetThreshold(config: AccessConfig, thresholds: MatchThresholdsInput, preset?: SensitivityPreset): number {
  return resolveThreshold(config.presets[preset ?? config.preset], thresholds)
}
