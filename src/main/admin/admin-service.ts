import { AppError } from '../../shared/errors'
import type { AdminSession, AdminState } from '../../shared/ipc/contract'
import { ADMIN_CONFIG, type AdminConfig } from './config'
import { afterFailure, afterSuccess, lockedUntilMs, noLockout, type LockoutRecord } from './lockout'
import { hashPin, verifyPin } from './pin-hash'
import { AdminSessions, sessionActor } from './sessions'
import { announceSetupCode } from './setup-code'

/** The persisted administrator record (the store keeps it in settings.admin). */
export interface AdminRecord extends LockoutRecord {
  pinHash: string | null
  pinSalt: string | null
}

/** Where PIN events go in the audit trail (the access log); never the PIN. */
export type AdminAudit = (entry: { action: 'unlock-failed' | 'admin-locked-out' | 'pin-changed' | 'pin-change-failed'; actor: string; message: string }) => Promise<unknown>

/** The first-run setup code (see SetupCodeFile); absent: the PIN is set without one (harnesses). */
export interface SetupCodeCheck {
  readonly path: string
  verify(code: string): Promise<boolean>
  rotate(): Promise<string>
  remove(): Promise<void>
}

/** Wrong setup codes before a new code replaces the current one. */
const SETUP_CODE_TRIES = 5

export interface AdminRecordStore {
  read(): AdminRecord
  write(record: AdminRecord): Promise<void>
}

/**
 * Administrator PIN and sessions: first-run PIN set-up, scrypt-hashed PIN, constant-time check,
 * lockout with a growing delay after repeated wrong PINs that survives restarts. Every PIN check
 * counts (unlocking and changing the PIN); a lockout ends every admin session, a PIN change every
 * session but the one that changed it.
 */
export class AdminService {
  private readonly sessions: AdminSessions
  // PIN checks run one at a time so parallel guesses cannot race past the attempt counter.
  private queue: Promise<unknown> = Promise.resolve()
  private wrongSetupCodes = 0

  constructor(
    private readonly records: AdminRecordStore,
    private readonly config: AdminConfig = ADMIN_CONFIG,
    private readonly now: () => number = Date.now,
    private readonly audit: AdminAudit = async () => undefined,
    private readonly setupCode: SetupCodeCheck | null = null
  ) {
    this.sessions = new AdminSessions(config, now)
  }

  state(): AdminState {
    const r = this.records.read()
    return { pinSet: r.pinHash !== null, lockedUntil: lockedUntilMs(r, this.now()), failedAttempts: r.failedAttempts, setupCodeRequired: r.pinHash === null && this.setupCode !== null }
  }

  setupPin(pin: string, setupCode?: string): Promise<AdminSession> {
    return this.serial(async () => {
      const r = this.records.read()
      if (r.pinHash !== null) throw new AppError('CONFLICT', 'An administrator PIN is already set: unlock with it, then change it in Settings')
      if (this.setupCode) {
        if (setupCode === undefined || !(await this.setupCode.verify(setupCode))) {
          this.wrongSetupCodes += 1
          const rotated = this.wrongSetupCodes >= SETUP_CODE_TRIES
          if (rotated) {
            this.wrongSetupCodes = 0
            const code = await this.setupCode.rotate()
            announceSetupCode(code, this.setupCode.path, 'Too many wrong setup codes, a new one was issued')
          }
          await this.audit({ action: 'unlock-failed', actor: 'PIN screen', message: `Wrong first-run setup code${rotated ? ': a new code was issued' : ''}.` })
          throw new AppError('FORBIDDEN', rotated ? 'Wrong setup code: a new one was issued (in the setup-code file of the kiosk\'s data directory)' : 'Wrong setup code: it is kept in the setup-code file of the kiosk\'s data directory', { reason: 'setup-code' })
        }
      }
      const { hash, salt } = await hashPin(pin, this.config)
      await this.records.write({ ...noLockout(), pinHash: hash, pinSalt: salt })
      await this.setupCode?.remove()
      return this.sessions.open()
    })
  }

  unlock(pin: string): Promise<AdminSession> {
    return this.serial(async () => {
      await this.checkPin(pin, 'Wrong PIN', 'PIN screen')
      return this.sessions.open()
    })
  }

  changePin(token: string, currentPin: string, newPin: string): Promise<void> {
    this.requireSession(token)
    return this.serial(async () => {
      this.requireSession(token) // a lockout may have ended it while this call waited
      const actor = sessionActor(token)
      const r = await this.checkPin(currentPin, 'The current PIN is wrong', actor)
      const { hash, salt } = await hashPin(newPin, this.config)
      await this.records.write({ ...r, pinHash: hash, pinSalt: salt })
      this.sessions.closeAllExcept(token)
      await this.audit({ action: 'pin-changed', actor, message: 'The administrator PIN was changed; the other administrator sessions were ended.' })
    })
  }

  /**
   * One PIN check, run inside the queue: refused while locked; a wrong PIN counts toward the
   * lockout (and a lockout ends every session); a right one restarts the attempt counter only.
   */
  private async checkPin(pin: string, wrongMessage: string, actor: string): Promise<AdminRecord> {
    const r = this.records.read()
    if (r.pinHash === null || r.pinSalt === null) throw new AppError('NOT_FOUND', 'No administrator PIN is set yet: set one first')
    const lockedUntil = lockedUntilMs(r, this.now())
    if (lockedUntil !== null) throw this.lockedError(lockedUntil)
    if (await verifyPin(pin, { hash: r.pinHash, salt: r.pinSalt }, this.config)) {
      const next = { ...r, ...afterSuccess(r) }
      if (next.failedAttempts !== r.failedAttempts) await this.records.write(next)
      return next
    }
    const next = { ...r, ...afterFailure(r, this.now(), this.config) }
    await this.records.write(next)
    const nowLocked = lockedUntilMs(next, this.now())
    const failed = actor === 'PIN screen' ? 'unlock-failed' : 'pin-change-failed'
    if (nowLocked !== null) {
      this.sessions.closeAll()
      await this.audit({ action: failed, actor, message: 'Wrong administrator PIN.' })
      await this.audit({ action: 'admin-locked-out', actor, message: `Too many wrong PINs: the administrator screens are locked until ${new Date(nowLocked).toISOString()}; every administrator session was ended.` })
      throw this.lockedError(nowLocked)
    }
    await this.audit({ action: failed, actor, message: `Wrong administrator PIN (${next.failedAttempts} of ${this.config.maxAttempts} before the lockout).` })
    const left = this.config.maxAttempts - next.failedAttempts
    throw new AppError('FORBIDDEN', `${wrongMessage}: ${left} attempt(s) left before the administrator screens lock`, { attemptsLeft: left })
  }

  /** Every admin verb calls this first; an unknown or expired token ends the session. */
  requireSession(token: string): void {
    if (!this.sessions.touch(token)) throw new AppError('FORBIDDEN', 'The administrator session has ended: enter the PIN again')
  }

  lock(token: string): void {
    this.sessions.close(token)
  }

  private lockedError(until: number): AppError {
    const seconds = Math.ceil((until - this.now()) / 1000)
    return new AppError('LOCKED', `Too many wrong PINs: the administrator screens are locked for ${seconds} s`, { lockedUntil: until })
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task)
    this.queue = run.catch(() => undefined)
    return run
  }
}
