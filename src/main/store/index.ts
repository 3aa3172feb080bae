/** Public API of the persistent store (lowdb). */
export { openStore, type OpenStoreOptions, type Store, type SecretBox } from './store'
export type { ResidentsRepo } from './residents-repo'
export type { SettingsRepo } from './settings-repo'
export type { EventsRepo, AccessEventInput } from './events-repo'
export { accessEventInputSchema } from './events-repo'
export type { StoreNotice, StoreNoticeKind } from './notices'
export type { AccessEvent, AccessResult, PhotoQuality, PhotoSource, EventQuery, GalleryEntry, NewPhoto, PhotoSummary, ResidentSummary } from './types'
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
export { ACCESS_RESULTS, LIVENESS_STATUSES, SCHEMA_VERSION } from './schema'
export { plainCodec, BiometricKeyError, type BiometricCodec } from './codec'
export { normalizeResidentName } from './names'
export { isJpeg } from './photo-input'
export { ANONYMOUS_CLAIMED, ANONYMOUS_RESIDENT, DELETED_RESIDENT_LABEL } from './csv'
export { STORE_CONFIG } from './store-config'
