import type { z } from 'zod'
import {
  publicSettingsSchema,
  type AccessMode,
  type DoorDriverConfig,
  type Language,
  type LivenessMode,
  type PublicSettings,
  type SensitivityPreset,
  type SettingsPatch
} from '../../../shared/settings'
import type { MessageKey } from '../i18n/en'

/**
 * The settings screen's form model: what the administrator edits (durations in seconds, headers and
 * arguments as text), converted to and from the stored settings. Validation reuses the shared zod
 * schema, so the form refuses exactly what main would refuse, with translatable messages.
 */

export type DoorKind = DoorDriverConfig['kind']

export interface SettingsForm {
  mode: AccessMode
  sensitivity: SensitivityPreset
  confirmS: number | null
  liveness: LivenessMode
  relockS: number | null
  cooldownS: number | null
  doorKind: DoorKind
  webhookUrl: string
  webhookLockUrl: string
  webhookTestUrl: string
  webhookMethod: 'POST' | 'GET'
  webhookHeaders: string
  webhookBody: string
  webhookTimeoutS: number | null
  webhookRetries: number | null
  /** A door program declared by the operator in door-commands.json (chosen by name only). */
  commandName: string
  snapshotsEnabled: boolean
  snapshotsDays: number | null
  snapshotsCount: number | null
  /** '' means the default camera. */
  cameraDeviceId: string
  language: Language
  /** Verification mode: residents may claim by name (list or typed); off: by badge code only. */
  claimByName: boolean
}

export type FormField = keyof SettingsForm
export interface FieldError {
  key: MessageKey
  params?: Record<string, string | number>
}
export type FormErrors = Partial<Record<FormField, FieldError>>

const MS_PER_S = 1000
const DEFAULT_WEBHOOK = { method: 'POST' as const, timeoutMs: 5_000, retries: 2 }

const toSeconds = (ms: number): number => ms / MS_PER_S
/** null/NaN pass through as NaN so the schema reports the field rather than silently using a default. */
const toMs = (s: number | null): number => (s === null || Number.isNaN(s) ? Number.NaN : Math.round(s * MS_PER_S))
const orNaN = (n: number | null): number => (n === null ? Number.NaN : n)

export function headersToText(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')
}

/** "Name: value" lines → record; null when a non-empty line has no "Name:" part. */
export function parseHeaders(text: string): Record<string, string> | null {
  const out: Record<string, string> = {}
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '') continue
    const colon = line.indexOf(':')
    if (colon <= 0) return null
    out[line.slice(0, colon).trim()] = line.slice(colon + 1).trim()
  }
  return out
}

export const argsToText = (args: readonly string[]): string => args.join('\n')
export const parseArgs = (text: string): string[] => text.split('\n').map((a) => a.trim()).filter((a) => a !== '')

export function toForm(s: PublicSettings): SettingsForm {
  const webhook = s.door.kind === 'webhook' ? s.door : null
  const command = s.door.kind === 'command' ? s.door : null
  return {
    mode: s.mode,
    sensitivity: s.sensitivity,
    confirmS: toSeconds(s.confirmMs),
    liveness: s.liveness,
    relockS: toSeconds(s.relockMs),
    cooldownS: toSeconds(s.cooldownMs),
    doorKind: s.door.kind,
    webhookUrl: webhook?.url ?? '',
    webhookLockUrl: webhook?.lockUrl ?? '',
    webhookTestUrl: webhook?.testUrl ?? '',
    webhookMethod: webhook?.method ?? DEFAULT_WEBHOOK.method,
    webhookHeaders: headersToText(webhook?.headers ?? {}),
    webhookBody: webhook?.body ?? '',
    webhookTimeoutS: toSeconds(webhook?.timeoutMs ?? DEFAULT_WEBHOOK.timeoutMs),
    webhookRetries: webhook?.retries ?? DEFAULT_WEBHOOK.retries,
    commandName: command?.name ?? '',
    snapshotsEnabled: s.snapshotRetention.enabled,
    snapshotsDays: s.snapshotRetention.days,
    snapshotsCount: s.snapshotRetention.count,
    cameraDeviceId: s.camera.deviceId ?? '',
    language: s.language,
    claimByName: s.claimByName
  }
}

function doorFromForm(f: SettingsForm): unknown {
  switch (f.doorKind) {
    case 'simulated':
      return { kind: 'simulated' }
    case 'webhook': {
      const body = f.webhookBody.trim()
      const lockUrl = f.webhookLockUrl.trim()
      const testUrl = f.webhookTestUrl.trim()
      return {
        kind: 'webhook',
        url: f.webhookUrl.trim(),
        ...(lockUrl ? { lockUrl } : {}),
        ...(testUrl ? { testUrl } : {}),
        method: f.webhookMethod,
        headers: parseHeaders(f.webhookHeaders) ?? {},
        ...(body ? { body } : {}),
        timeoutMs: toMs(f.webhookTimeoutS),
        retries: orNaN(f.webhookRetries)
      }
    }
    case 'command':
      return { kind: 'command', name: f.commandName.trim() }
  }
}

/** The full settings the form describes (unvalidated); fields the form does not edit come from `base`. */
export function candidateFrom(base: PublicSettings, f: SettingsForm): unknown {
  return {
    ...base,
    mode: f.mode,
    sensitivity: f.sensitivity,
    confirmMs: toMs(f.confirmS),
    liveness: f.liveness,
    relockMs: toMs(f.relockS),
    cooldownMs: toMs(f.cooldownS),
    door: doorFromForm(f),
    snapshotRetention: { enabled: f.snapshotsEnabled, days: orNaN(f.snapshotsDays), count: orNaN(f.snapshotsCount) },
    camera: { deviceId: f.cameraDeviceId === '' ? null : f.cameraDeviceId },
    language: f.language,
    claimByName: f.claimByName
  }
}

/** Schema path → form field, with the unit factor between them (ms in settings, s in the form). */
const FIELD_OF_PATH: Record<string, { field: FormField; scale: number }> = {
  mode: { field: 'mode', scale: 1 },
  sensitivity: { field: 'sensitivity', scale: 1 },
  confirmMs: { field: 'confirmS', scale: MS_PER_S },
  liveness: { field: 'liveness', scale: 1 },
  relockMs: { field: 'relockS', scale: MS_PER_S },
  cooldownMs: { field: 'cooldownS', scale: MS_PER_S },
  'door.url': { field: 'webhookUrl', scale: 1 },
  'door.lockUrl': { field: 'webhookLockUrl', scale: 1 },
  'door.testUrl': { field: 'webhookTestUrl', scale: 1 },
  'door.method': { field: 'webhookMethod', scale: 1 },
  'door.headers': { field: 'webhookHeaders', scale: 1 },
  'door.body': { field: 'webhookBody', scale: 1 },
  'door.retries': { field: 'webhookRetries', scale: 1 },
  'door.name': { field: 'commandName', scale: 1 },
  'snapshotRetention.days': { field: 'snapshotsDays', scale: 1 },
  'snapshotRetention.count': { field: 'snapshotsCount', scale: 1 },
  'camera.deviceId': { field: 'cameraDeviceId', scale: 1 },
  language: { field: 'language', scale: 1 },
  claimByName: { field: 'claimByName', scale: 1 }
}

/** The form field a settings path belongs to (door.timeoutMs depends on the driver). */
export function fieldOfPath(path: string, doorKind: DoorKind): { field: FormField; scale: number } | null {
  if (path === 'door.timeoutMs') return { field: 'webhookTimeoutS', scale: MS_PER_S }
  return FIELD_OF_PATH[path] ?? FIELD_OF_PATH[path.split('.').slice(0, 2).join('.')] ?? null
}

const trimNumber = (n: number): number => Math.round(n * 1000) / 1000

/** One zod issue as a translatable message, in the form's units. */
export function issueMessage(issue: z.core.$ZodIssue, scale: number): FieldError {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return { key: 'validation.required' }
      return { key: 'validation.min', params: { min: trimNumber(Number(issue.minimum) / scale) } }
    case 'too_big':
      if (issue.origin === 'string') return { key: 'validation.tooLong' }
      return { key: 'validation.max', params: { max: trimNumber(Number(issue.maximum) / scale) } }
    case 'invalid_type':
      return { key: issue.expected === 'int' && scale === 1 ? 'validation.integer' : 'validation.number' }
    case 'invalid_format':
      return { key: issue.format === 'url' ? 'validation.url' : 'validation.invalid' }
    case 'custom':
      return { key: 'validation.invalid' }
    default:
      return { key: 'validation.invalid' }
  }
}

export interface FormCheck {
  settings: PublicSettings | null
  errors: FormErrors
}

/** Validates the form as main will: the shared schema plus the text fields only the form has. */
export function checkForm(base: PublicSettings, f: SettingsForm): FormCheck {
  const errors: FormErrors = {}
  if (f.doorKind === 'webhook' && parseHeaders(f.webhookHeaders) === null) errors.webhookHeaders = { key: 'validation.header' }
  if (f.doorKind === 'command' && f.commandName.trim() === '') errors.commandName = { key: 'validation.required' }
  const parsed = publicSettingsSchema.safeParse(candidateFrom(base, f))
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const target = fieldOfPath(issue.path.map(String).join('.'), f.doorKind)
      if (target && !errors[target.field]) errors[target.field] = issueMessage(issue, target.scale)
    }
  }
  return { settings: parsed.success && Object.keys(errors).length === 0 ? parsed.data : null, errors }
}

const GROUPS = ['mode', 'sensitivity', 'confirmMs', 'liveness', 'relockMs', 'cooldownMs', 'door', 'snapshotRetention', 'camera', 'language', 'claimByName'] as const

/** Only the groups that changed; null when nothing did. */
export function diffSettings(saved: PublicSettings, next: PublicSettings): SettingsPatch | null {
  const patch: Record<string, unknown> = {}
  for (const group of GROUPS) {
    if (JSON.stringify(saved[group]) !== JSON.stringify(next[group])) patch[group] = next[group]
  }
  return Object.keys(patch).length === 0 ? null : (patch as SettingsPatch)
}

/** Maps main's field errors (settings paths) onto the form's fields, keeping main's message. */
export function serverErrorsToForm(byPath: Record<string, string>, doorKind: DoorKind): { fields: Partial<Record<FormField, string>>; other: string[] } {
  const fields: Partial<Record<FormField, string>> = {}
  const other: string[] = []
  for (const [path, message] of Object.entries(byPath)) {
    const target = fieldOfPath(path, doorKind)
    if (target) fields[target.field] = message
    else other.push(`${path}: ${message}`)
  }
  return { fields, other }
}
