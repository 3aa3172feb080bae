import { AppError } from '../../shared/errors'
import { settingsSchema, type Settings, type SettingsPatch } from '../../shared/settings'
import type { StoreCore } from './store-core'

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}

/** Nested objects merge key by key; `door` is replaced whole (its kind decides its fields). */
export function mergeSettings(current: Settings, patch: unknown): unknown {
  if (!isPlainObject(patch)) throw new AppError('INVALID_PAYLOAD', 'A settings update must be an object')
  const merged: Record<string, unknown> = { ...current }
  for (const [key, value] of Object.entries(patch)) {
    // Own keys only: `in` would let __proto__, constructor or toString through as "known" settings.
    if (!Object.hasOwn(current, key)) throw new AppError('INVALID_PAYLOAD', `Unknown setting "${key.slice(0, 64)}"`)
    const base = (current as Record<string, unknown>)[key]
    merged[key] = key !== 'door' && isPlainObject(base) && isPlainObject(value) ? { ...base, ...value } : value
  }
  return merged
}

export class SettingsRepo {
  readonly #core: StoreCore

  constructor(core: StoreCore) {
    this.#core = core
  }

  get(): Settings {
    return structuredClone(this.#core.data.settings)
  }

  /** Validates the merged result as a whole; nothing is written when it is invalid. */
  update(patch: SettingsPatch): Promise<Settings> {
    return this.#core.mutate((data) => {
      const parsed = settingsSchema.safeParse(mergeSettings(data.settings, patch))
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        throw new AppError('INVALID_PAYLOAD', `Invalid setting ${issue.path.map(String).join('.')}: ${issue.message}`)
      }
      data.settings = parsed.data
      return structuredClone(parsed.data)
    })
  }
}
