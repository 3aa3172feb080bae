/**
 * The kiosk settings schema lives in src/shared/settings.ts (one definition for main, the IPC
 * contract and the renderer's settings screens); the store validates with it on load and update.
 */
export {
  settingsSchema,
  defaultSettings,
  doorDriverSchema,
  ACCESS_MODES,
  SENSITIVITY_PRESETS,
  LIVENESS_MODES,
  LANGUAGES,
  type Settings,
  type SettingsPatch,
  type DoorDriverConfig,
  type AccessMode,
  type SensitivityPreset,
  type LivenessMode,
  type Language
} from '../../shared/settings'
