import { AppError } from '../../shared/errors'
import { WEBHOOK_SECRET_PLACEHOLDER, type Settings, type SettingsPatch } from '../../shared/settings'
import type { SecretBox, SettingsRepo } from '../store'

/**
 * Webhook headers (a Home Assistant token, a lock's API key) are secrets: stored sealed with the
 * biometric key (AES-256-GCM, bound to the header's name), never returned by the API (the screens
 * see WEBHOOK_SECRET_PLACEHOLDER: "a value is set"), and opened only to build the request.
 */

const SEALED = 'hh-sealed:'
const MAX_HEADER_VALUE_BYTES = 4096
const context = (name: string): string => `webhook-header:${name.toLowerCase()}`

export const isSealedHeader = (value: string): boolean => value.startsWith(SEALED)

export function sealHeader(secrets: SecretBox, name: string, value: string): string {
  return SEALED + secrets.seal(Buffer.from(value, 'utf8'), context(name))
}

/** The header's value for the request (a value stored before sealing existed is used as it is). */
export function openHeader(secrets: SecretBox, name: string, stored: string): string {
  return isSealedHeader(stored) ? Buffer.from(secrets.open(stored.slice(SEALED.length), context(name))).toString('utf8') : stored
}

export function openHeaders(secrets: SecretBox, headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, openHeader(secrets, name, value)]))
}

/**
 * The patch as it is stored: new header values sealed; the placeholder keeps the value already
 * stored under that name (the screens send back what they were shown).
 */
export function sealPatchHeaders(patch: SettingsPatch, before: Settings, secrets: SecretBox): SettingsPatch {
  const door = patch.door
  if (!door || door.kind !== 'webhook') return patch
  const stored = before.door.kind === 'webhook' ? before.door.headers : {}
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(door.headers ?? {})) {
    if (value === WEBHOOK_SECRET_PLACEHOLDER) {
      const kept = Object.entries(stored).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1]
      if (kept === undefined) throw new AppError('INVALID_PAYLOAD', `Invalid setting door.headers: no value is stored for the header "${name.slice(0, 64)}": type it again`, { field: 'door.headers' })
      headers[name] = isSealedHeader(kept) ? kept : sealHeader(secrets, name, kept)
    } else {
      if (Buffer.byteLength(value) > MAX_HEADER_VALUE_BYTES) throw new AppError('INVALID_PAYLOAD', `Invalid setting door.headers: the value of "${name.slice(0, 64)}" is longer than ${MAX_HEADER_VALUE_BYTES} bytes`, { field: 'door.headers' })
      headers[name] = sealHeader(secrets, name, value)
    }
  }
  return { ...patch, door: { ...door, headers } }
}

/** Settings as the API shows them: header values replaced by the placeholder. */
export function maskHeaders<T extends { door: Settings['door'] }>(s: T): T {
  if (s.door.kind !== 'webhook') return s
  const headers = Object.fromEntries(Object.keys(s.door.headers).map((name) => [name, WEBHOOK_SECRET_PLACEHOLDER]))
  return { ...s, door: { ...s.door, headers } }
}

/** Seals header values stored in plain by an older version; true when it rewrote them. */
export async function sealStoredHeaders(settings: SettingsRepo, secrets: SecretBox): Promise<boolean> {
  const door = settings.get().door
  if (door.kind !== 'webhook' || Object.values(door.headers).every(isSealedHeader)) return false
  const headers = Object.fromEntries(Object.entries(door.headers).map(([n, v]) => [n, isSealedHeader(v) ? v : sealHeader(secrets, n, v)]))
  await settings.update({ door: { ...door, headers } })
  return true
}
