import type { ErrorResult } from '../../../shared/errors'
import type { HappyHouseApi } from '../../../shared/ipc/api'
import { PIN_PATTERN } from '../../../shared/ipc/schemas/common'
import type { PublicSettings } from '../../../shared/settings'
import type { DoorOptions } from '../../../shared/ipc/schemas/settings'
import type { MessageKey } from '../i18n/en'
import { serverFieldErrors } from '../logic/results'
import { checkForm, diffSettings, serverErrorsToForm, toForm, type FormField, type SettingsForm } from '../logic/settings-form'
import type { AdminSession } from './admin.svelte'
import type { CameraState } from './camera.svelte'
import { i18n } from './i18n.svelte'
import type { KioskState } from './kiosk.svelte'
import { toasts } from './toasts.svelte'

export interface CameraChoice {
  deviceId: string
  label: string
}

export interface PinChange {
  current: string
  next: string
  confirm: string
}

/** The settings screen: a form over the saved settings, door tests, camera list and PIN change. */
export class SettingsState {
  saved = $state.raw<PublicSettings | null>(null)
  form = $state<SettingsForm | null>(null)
  loadError = $state.raw<ErrorResult | null>(null)
  saveError = $state.raw<ErrorResult | null>(null)
  serverFields = $state.raw<Partial<Record<FormField, string>>>({})
  /** Client errors show once the administrator tried to save (not while typing a first value). */
  showErrors = $state(false)
  saving = $state(false)
  doorBusy = $state<'test' | 'open' | null>(null)
  doorResult = $state.raw<{ ok: boolean; key: MessageKey; message: string; kind: SettingsForm['doorKind'] } | null>(null)
  cameras = $state.raw<CameraChoice[]>([])
  /** What the operator's door-commands.json offers (program names, allowed webhook prefixes). */
  doorOptions = $state.raw<DoorOptions | null>(null)
  pin = $state<PinChange>({ current: '', next: '', confirm: '' })
  pinError = $state<MessageKey | null>(null)
  pinBusy = $state(false)

  constructor(
    private readonly admin: AdminSession,
    private readonly kiosk: KioskState,
    private readonly camera: CameraState
  ) {}

  readonly check = $derived(this.saved && this.form ? checkForm(this.saved, this.form) : null)
  readonly errors = $derived(this.showErrors && this.check ? this.check.errors : {})
  readonly dirty = $derived.by(() => {
    if (!this.saved || !this.check) return false
    // An invalid form differs from what is saved by definition.
    return this.check.settings === null || diffSettings(this.saved, this.check.settings) !== null
  })
  /**
   * The last door test or opening, only while it still describes the door on screen: switching the
   * driver in the form (or saving another door) makes it stale.
   */
  readonly shownDoorResult = $derived(this.doorResult && this.form?.doorKind === this.doorResult.kind && !this.dirty ? this.doorResult : null)

  async load(): Promise<void> {
    const r = await this.admin.call('getSettings', {})
    if (!r.ok) {
      this.loadError = r
      return
    }
    this.loadError = null
    this.setSaved(r.value)
    void this.loadCameras()
    void this.loadDoorOptions()
  }

  /** Main's status (the settings page shows what each sensitivity preset means with these residents). */
  status(): ReturnType<HappyHouseApi['getStatus']> {
    return this.admin.api.getStatus({})
  }

  async loadDoorOptions(): Promise<void> {
    const r = await this.admin.call('getDoorOptions', {})
    this.doorOptions = r.ok ? r.value : null
  }

  private setSaved(settings: PublicSettings): void {
    this.saved = settings
    this.form = toForm(settings)
    this.showErrors = false
    this.serverFields = {}
    this.saveError = null
    if (this.doorResult && this.doorResult.kind !== settings.door.kind) this.doorResult = null
  }

  discard(): void {
    if (this.saved) this.setSaved(this.saved)
  }

  async save(): Promise<void> {
    if (!this.saved || !this.check) return
    this.showErrors = true
    this.serverFields = {}
    this.saveError = null
    const next = this.check.settings
    if (!next) return
    const patch = diffSettings(this.saved, next)
    if (!patch) return
    this.saving = true
    const r = await this.admin.call('updateSettings', { patch })
    this.saving = false
    if (!r.ok) {
      this.saveError = r
      this.serverFields = serverErrorsToForm(serverFieldErrors(r), this.form?.doorKind ?? 'simulated').fields
      return
    }
    this.setSaved(r.value)
    // Apply at once what the kiosk shows; the kioskConfig event confirms it.
    i18n.setLanguage(r.value.language)
    this.camera.useDevice(r.value.camera.deviceId)
    void this.kiosk.loadConfig()
    toasts.show('success', { key: 'settings.saved' })
  }

  async testDoor(): Promise<void> {
    await this.door('test')
  }

  async openDoor(): Promise<void> {
    await this.door('open')
  }

  private async door(action: 'test' | 'open'): Promise<void> {
    this.doorBusy = action
    this.doorResult = null
    const kind = this.saved?.door.kind ?? 'simulated'
    const r = action === 'test' ? await this.admin.call('testDoor', {}) : await this.admin.call('openDoor', {})
    this.doorBusy = null
    if (!r.ok) {
      this.doorResult = { ok: false, key: action === 'test' ? 'settings.doorTestFailed' : 'settings.doorOpenFailed', message: i18n.error(r), kind }
      return
    }
    const okKey: MessageKey = action === 'test' ? 'settings.doorTestOk' : 'settings.doorOpened'
    const failKey: MessageKey = action === 'test' ? 'settings.doorTestFailed' : 'settings.doorOpenFailed'
    this.doorResult = { ok: r.value.ok, key: r.value.ok ? okKey : failKey, message: r.value.message, kind }
  }

  async loadCameras(): Promise<void> {
    if (!navigator.mediaDevices?.enumerateDevices) return
    try {
      const devices = await navigator.mediaDevices.enumerateDevices()
      this.cameras = devices
        .filter((d) => d.kind === 'videoinput' && d.deviceId !== '')
        .map((d, i) => ({ deviceId: d.deviceId, label: d.label || i18n.t('settings.cameraUnnamed', { n: i + 1 }) }))
    } catch {
      this.cameras = []
    }
  }

  async changePin(): Promise<void> {
    this.pinError = null
    const { current, next, confirm } = this.pin
    if (!PIN_PATTERN.test(next)) {
      this.pinError = 'pin.tooShort'
      return
    }
    if (next !== confirm) {
      this.pinError = 'settings.pinMismatch'
      return
    }
    this.pinBusy = true
    const r = await this.admin.call('changePin', { currentPin: current, newPin: next }, { keepSessionOnForbidden: true })
    if (!r.ok && r.code === 'FORBIDDEN') {
      // Either the current PIN is wrong or the session ended: a harmless call tells which.
      const probe = await this.admin.call('getSettings', {})
      this.pinBusy = false
      if (probe.ok) this.pinError = 'settings.pinWrongCurrent'
      return
    }
    this.pinBusy = false
    if (!r.ok) {
      this.pinError = r.code === 'LOCKED' ? 'error.LOCKED' : null
      if (r.code !== 'LOCKED') toasts.showError(r)
      return
    }
    this.pin = { current: '', next: '', confirm: '' }
    toasts.show('success', { key: 'settings.pinChanged' })
  }
}
