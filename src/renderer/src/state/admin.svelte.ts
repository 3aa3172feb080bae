import type { ErrorResult, Result } from '../../../shared/errors'
import type { RequestOf, ResponseOf, Verb } from '../../../shared/ipc/contract'
import { UI_CONFIG } from '../logic/ui-config'
import type { MessageKey } from '../i18n/en'
import type { HappyHouseApi } from '../../../shared/ipc/api'
import { defaultApi } from '../lib/api'
import { isValidPin, lockoutRemaining } from '../logic/pin'
import { isSessionRefused, lockedUntilOf } from '../logic/results'
import { toasts } from './toasts.svelte'

/** Verbs that need the administrator session token. */
export type AdminVerb = { [V in Verb]: RequestOf<V> extends { token: string } ? V : never }[Verb]
export type AdminRequest<V extends AdminVerb> = Omit<RequestOf<V>, 'token'>

/**
 * closed: the kiosk is showing. loading: asking main whether a PIN exists. setup/confirm: first run,
 * choosing the PIN. unlock: entering it. open: the admin screens. unavailable: main cannot say.
 */
export type AdminPhase = 'closed' | 'loading' | 'code' | 'setup' | 'confirm' | 'unlock' | 'open' | 'unavailable'

/** What the PIN screen says under the dots: a fixed sentence, or the count of wrong attempts. */
export type PinNotice = { key: MessageKey } | { attemptsLeft: number } | { wrongAttempts: number }

/**
 * The administrator session. The token lives only in this object's memory (never stored), is added to
 * every admin call, and is dropped on lock, idle timeout, or when main refuses it.
 */
export class AdminSession {
  phase = $state<AdminPhase>('closed')
  lockedUntil = $state<number | null>(null)
  failedAttempts = $state(0)
  notice = $state.raw<PinNotice | null>(null)
  error = $state.raw<ErrorResult | null>(null)
  busy = $state(false)
  /** Whether an administrator PIN exists (null until main said): the door screen guides a first run. */
  pinSet = $state<boolean | null>(null)

  private token: string | null = null
  private firstPin: string | null = null
  /** First run: the setup code from the kiosk's terminal, typed before the PIN is chosen. */
  private setupCode: string | undefined = undefined
  private idleTimer: ReturnType<typeof setTimeout> | null = null

  /** Public verbs (no token) go straight through it; admin verbs through call(). */
  constructor(readonly api: HappyHouseApi = defaultApi()) {}

  get isOpen(): boolean {
    return this.phase !== 'closed'
  }

  /** Opens the PIN screen (the gesture or the keyboard shortcut). */
  async open(): Promise<void> {
    if (this.phase !== 'closed') return
    this.notice = null
    await this.showPinScreen()
  }

  private async showPinScreen(): Promise<void> {
    this.phase = 'loading'
    this.error = null
    this.touch()
    const r = await this.api.getAdminState({})
    // The administrator may have left while main answered.
    if ((this.phase as AdminPhase) === 'closed') return
    if (!r.ok) {
      this.error = r
      this.phase = 'unavailable'
      return
    }
    this.lockedUntil = r.value.lockedUntil
    this.failedAttempts = r.value.failedAttempts
    this.pinSet = r.value.pinSet
    this.firstPin = null
    this.setupCode = undefined
    this.phase = r.value.pinSet ? 'unlock' : r.value.setupCodeRequired ? 'code' : 'setup'
  }

  /** First run: the setup code shown on the kiosk's terminal (checked by main with the PIN). */
  enterSetupCode(code: string): void {
    this.setupCode = code
    this.notice = null
    this.phase = 'setup'
  }

  /** Asks main whether a PIN exists (at start and on reconnection), for the first-run guidance. */
  async refreshPinSet(): Promise<void> {
    const r = await this.api.getAdminState({})
    if (r.ok) this.pinSet = r.value.pinSet
  }

  retry(): Promise<void> {
    return this.showPinScreen()
  }

  /** Back to the door; the session ends in main too. */
  async close(): Promise<void> {
    const token = this.token
    this.token = null
    this.firstPin = null
    this.phase = 'closed'
    this.error = null
    toasts.clear()
    if (this.idleTimer) clearTimeout(this.idleTimer)
    if (token) await this.api.lockAdmin({ token })
  }

  /** Any touch or key inside the admin screens keeps the session from idling out. */
  touch(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    if (this.phase === 'closed') return
    this.idleTimer = setTimeout(() => void this.close(), UI_CONFIG.admin.idleLockMs)
  }

  /** PIN typed on the first-run screen: remember it and ask for it again. */
  chooseFirstPin(pin: string): void {
    if (!isValidPin(pin)) {
      this.notice = { key: 'pin.tooShort' }
      return
    }
    this.firstPin = pin
    this.notice = null
    this.phase = 'confirm'
  }

  async confirmFirstPin(pin: string): Promise<void> {
    if (pin !== this.firstPin) {
      this.firstPin = null
      this.notice = { key: 'pin.mismatch' }
      this.phase = 'setup'
      return
    }
    this.busy = true
    const r = await this.api.setupPin(this.setupCode === undefined ? { pin } : { pin, setupCode: this.setupCode })
    this.busy = false
    if (r.ok) {
      this.pinSet = true
      this.setupCode = undefined
      return this.opened(r.value.token)
    }
    this.firstPin = null
    if (r.code === 'FORBIDDEN' && r.details?.reason === 'setup-code') {
      this.setupCode = undefined
      this.notice = { key: 'pin.wrongSetupCode' }
      this.phase = 'code'
      return
    }
    this.error = r
    this.phase = 'setup'
  }

  async unlock(pin: string): Promise<void> {
    if (pin.length === 0 || this.busy) return
    if (lockoutRemaining(this.lockedUntil, Date.now()) > 0) return
    this.busy = true
    this.error = null
    try {
      const r = await this.api.unlockAdmin({ pin })
      if (r.ok) return this.opened(r.value.token)
      if (r.code !== 'FORBIDDEN' && r.code !== 'LOCKED') {
        this.error = r
        return
      }
      if (r.code === 'LOCKED') this.lockedUntil = lockedUntilOf(r.details) ?? this.lockedUntil
      await this.refreshLockout()
      const left = r.code === 'FORBIDDEN' ? r.details?.attemptsLeft : undefined
      this.notice =
        typeof left === 'number' ? { attemptsLeft: left } : this.failedAttempts > 0 ? { wrongAttempts: this.failedAttempts } : { key: 'pin.wrong' }
    } finally {
      // Only now: the field is cleared with the new notice, not after the next PIN was typed.
      this.busy = false
    }
  }

  private async refreshLockout(): Promise<void> {
    const state = await this.api.getAdminState({})
    if (!state.ok) return
    this.lockedUntil = state.value.lockedUntil
    this.failedAttempts = state.value.failedAttempts
  }

  private opened(token: string): void {
    this.token = token
    this.notice = null
    this.error = null
    this.failedAttempts = 0
    this.lockedUntil = null
    this.phase = 'open'
    this.touch()
  }

  /** Back to the PIN screen because main no longer accepts the token. */
  expire(): void {
    this.token = null
    if (this.phase === 'closed') return
    void this.showPinScreen().then(() => (this.notice = { key: 'admin.sessionExpired' }))
  }

  /** Calls an admin verb with the session token; a refused token sends the administrator back to the PIN. */
  async call<V extends AdminVerb>(verb: V, request: AdminRequest<V>, options: { keepSessionOnForbidden?: boolean } = {}): Promise<Result<ResponseOf<V>>> {
    this.touch()
    const token = this.token
    if (!token) {
      this.expire()
      return { ok: false, code: 'FORBIDDEN', message: 'The administrator session has ended' }
    }
    const invoke = this.api[verb] as unknown as (r: RequestOf<V>) => Promise<Result<ResponseOf<V>>>
    const r = await invoke({ ...request, token } as RequestOf<V>)
    if (!r.ok && isSessionRefused(r) && !options.keepSessionOnForbidden && this.token === token) this.expire()
    return r
  }
}
