import type { Language } from '../../../shared/settings'
import { en, type Dictionary, type MessageKey } from './en'
import { vi } from './vi'

export type Params = Record<string, string | number>

export const DICTIONARIES: Record<Language, Dictionary> = { en, vi }

/** Each language's own name, shown as is in the language picker. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', vi: 'Tiếng Việt' }

/** BCP 47 locales for dates and numbers. */
export const LOCALES: Record<Language, string> = { en: 'en-GB', vi: 'vi-VN' }

const PLACEHOLDER = /\{(\w+)\}/g

/** Fills `{name}` placeholders; an unknown placeholder stays visible rather than silently vanishing. */
export function format(template: string, params: Params = {}): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

export function translate(dict: Dictionary, key: MessageKey, params?: Params): string {
  return format(dict[key], params)
}

/** Keys with plural forms, named without their `_one` / `_other` suffix. */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}_one` ? Base : never) : never

export function plural(dict: Dictionary, key: PluralKey, count: number, params: Params = {}): string {
  const form = (count === 1 ? `${key}_one` : `${key}_other`) as MessageKey
  return format(dict[form], { count, ...params })
}

/** Placeholder names used in a template, for the completeness test. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).sort()
}

/** "45 s", "3 min", "2 h", rounded up (never "0 s left"). */
export function formatDuration(dict: Dictionary, ms: number): string {
  const SECOND = 1000
  const MINUTE = 60 * SECOND
  const HOUR = 60 * MINUTE
  if (ms < MINUTE) return format(dict['common.seconds'], { n: Math.max(1, Math.ceil(ms / SECOND)) })
  if (ms < HOUR) return format(dict['common.minutes'], { n: Math.ceil(ms / MINUTE) })
  return format(dict['common.hours'], { n: Math.ceil(ms / HOUR) })
}
