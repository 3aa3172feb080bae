import { randomUUID } from 'node:crypto'
import { AppError } from '../../shared/errors'
import type { Clock, TimerHandle } from './clock'
import { systemClock } from './clock'
import { parseDoorConfig } from './config'
import { createDoorDriver } from './drivers'
import { TypedEmitter } from './emitter'
import type { Listener } from './emitter'
import { failure, publicReason } from './outcome'
import type {
  DoorAttempt,
  DoorDriver,
  DoorEvents,
  DoorState,
  DoorStateEvent,
  DoorTrigger,
  DriverContext,
  DriverOutcome
} from './types'

/** Where the controller keeps "open until" (epoch ms, null when locked) across restarts. */
export interface OpenUntilStore {
  save(openUntil: number | null): Promise<void>
}

export interface DoorControllerOptions {
  driver: DoorDriver
  relockMs: number
  failureHoldMs: number
  clock?: Clock
  openUntil?: OpenUntilStore
}

export interface DoorSnapshot {
  state: DoorState
  /** Clock time of the last transition. */
  since: number
  /** The event that led to this state (absent before the first transition). */
  last?: DoorStateEvent
}

type Transition = Omit<DoorStateEvent, 'previous' | 'at' | 'state'>

const MESSAGES = {
  unlocking: 'Unlocking the door…',
  open: 'The door is open',
  relocking: 'Relocking the door…',
  locked: 'The door is locked',
  didNotOpen: (reason: string) => `The door did not open: ${reason}`,
  didNotRelock: (reason: string) => `The door did not relock: ${reason} (retrying)`
}

/**
 * The door state machine: locked → unlocking → open → relocking → locked, with `failed` when the
 * driver fails. Actions are serialised: a grant during relocking waits for the relock to finish.
 * The state only says `open` after the driver confirmed it.
 */
export class DoorController {
  private readonly events = new TypedEmitter<DoorEvents>()
  private readonly clock: Clock
  private driver: DoorDriver
  private relockMs: number
  private failureHoldMs: number
  private state: DoorState = 'locked'
  private since: number
  private last: DoorStateEvent | undefined
  private timer: TimerHandle | undefined
  /** Trigger of the current opening, passed to the driver's close action too. */
  private openTrigger: DoorTrigger = { kind: 'test' }
  private queue: Promise<unknown> = Promise.resolve()
  private disposed = false
  private readonly openUntil: OpenUntilStore | undefined

  constructor(options: DoorControllerOptions) {
    this.clock = options.clock ?? systemClock
    this.driver = options.driver
    this.relockMs = options.relockMs
    this.failureHoldMs = options.failureHoldMs
    this.openUntil = options.openUntil
    this.since = this.clock.now()
  }

  /** Builds the controller and its driver from (unvalidated) door settings. */
  static fromConfig(input: unknown, clock?: Clock, openUntil?: OpenUntilStore): DoorController {
    const config = parseDoorConfig(input)
    return new DoorController({
      relockMs: config.relockMs,
      failureHoldMs: config.failureHoldMs,
      driver: createDoorDriver(config.driver),
      clock,
      openUntil
    })
  }

  /**
   * Locks the door now, whatever state it was left in (start-up: a crash or power cut may have left
   * it open). Drivers without a lock action (strikes and relays that relock themselves) just count
   * as locked. A failed lock shows `failed` and is retried.
   */
  lockAtStartup(): Promise<DriverOutcome | null> {
    this.assertAlive()
    return this.enqueue(() => this.doLock({ kind: 'system', reason: 'startup' }))
  }

  getState(): DoorState {
    return this.state
  }

  getSnapshot(): DoorSnapshot {
    return this.last ? { state: this.state, since: this.since, last: this.last } : { state: this.state, since: this.since }
  }

  get driverKind(): DoorDriver['kind'] {
    return this.driver.kind
  }

  on<K extends keyof DoorEvents>(event: K, listener: Listener<DoorEvents[K]>): () => void {
    return this.events.on(event, listener)
  }

  /** Opens for an access grant (or any trigger); resolves with the driver outcome, never rejects on driver failure. */
  open(trigger: DoorTrigger): Promise<DoorAttempt> {
    this.assertAlive()
    return this.enqueue(() => this.doOpen(trigger))
  }

  /** Administrator's manual open; the caller (IPC) has checked the administrator. */
  openManually(by: string): Promise<DoorAttempt> {
    return this.open({ kind: 'manual', by })
  }

  /** Relocks now instead of waiting for the relock time (no-op unless open). */
  relockNow(): Promise<void> {
    this.assertAlive()
    return this.enqueue(() => this.doRelock())
  }

  /** Runs the driver's own check (settings page "Test"); does not change the door state. */
  async testDriver(): Promise<DriverOutcome> {
    this.assertAlive()
    if (!this.driver.test) return failure(this.driver.kind, 'not-configured', 'this driver has no test')
    return this.callDriver(() => this.driver.test!())
  }

  /** Applies changed door settings: new timings now, the new driver from the next action on. */
  applyConfig(input: unknown): Promise<void> {
    this.assertAlive()
    const config = parseDoorConfig(input)
    return this.enqueue(async () => {
      const previous = this.driver
      this.driver = createDoorDriver(config.driver)
      this.relockMs = config.relockMs
      this.failureHoldMs = config.failureHoldMs
      await previous.dispose?.()
    })
  }

  /** Resolves when every queued action has finished (for shutdown and tests). */
  async whenIdle(): Promise<void> {
    // Actions may enqueue follow-ups; wait until the tail stops moving.
    let tail: Promise<unknown>
    do {
      tail = this.queue
      await tail
    } while (tail !== this.queue)
  }

  /** Shuts down: waits for running actions, then locks the door (the kiosk never leaves it open). */
  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    this.timer?.cancel()
    await this.whenIdle()
    this.timer?.cancel()
    await this.doLock({ kind: 'system', reason: 'shutdown' })
    await this.driver.dispose?.()
    this.events.removeAll()
  }

  private assertAlive(): void {
    if (this.disposed) throw new AppError('DOOR_FAILED', 'The door controller is shut down: restart the app')
  }

  private enqueue<T>(action: () => Promise<T>): Promise<T> {
    const run = this.queue.then(action)
    // The queue must survive a failed action; callers still see the rejection through `run`.
    this.queue = run.catch(() => undefined)
    return run
  }

  private async doOpen(trigger: DoorTrigger): Promise<DoorAttempt> {
    this.cancelTimer()
    const ctx: DriverContext = { requestId: randomUUID(), trigger, at: this.clock.now() }
    this.transition('unlocking', { requestId: ctx.requestId, trigger, message: MESSAGES.unlocking })
    const outcome = await this.callDriver(() => this.driver.open(ctx))
    const common = { requestId: ctx.requestId, trigger, outcome }
    if (outcome.ok) {
      this.openTrigger = trigger
      await this.saveOpenUntil(this.clock.now() + this.relockMs)
      this.transition('open', { ...common, message: MESSAGES.open })
      this.schedule(this.relockMs, () => this.doRelock())
      return { ok: true, requestId: ctx.requestId, state: 'open', outcome, message: MESSAGES.open }
    }
    const message = MESSAGES.didNotOpen(publicReason(outcome))
    this.transition('failed', { ...common, failedAction: 'open', message })
    this.schedule(this.failureHoldMs, async () => {
      if (this.state === 'failed') this.transition('locked', { message: MESSAGES.locked })
    })
    return { ok: false, requestId: ctx.requestId, state: 'failed', outcome, message }
  }

  private async doRelock(): Promise<void> {
    // A relock that failed is retried; anything else (locked, a newer open) has nothing to relock.
    const retrying = this.state === 'failed' && this.last?.failedAction === 'close'
    if (this.state !== 'open' && !retrying) return
    this.cancelTimer()
    const ctx: DriverContext = { requestId: randomUUID(), trigger: this.openTrigger, at: this.clock.now() }
    this.transition('relocking', { requestId: ctx.requestId, trigger: ctx.trigger, message: MESSAGES.relocking })
    const close = this.driver.close?.bind(this.driver)
    const outcome = close ? await this.callDriver(() => close(ctx)) : undefined
    if (outcome === undefined || outcome.ok) {
      await this.saveOpenUntil(null)
      this.transition('locked', { requestId: ctx.requestId, trigger: ctx.trigger, outcome, message: MESSAGES.locked })
      return
    }
    // Showing "locked" after a failed relock would hide an unlocked door: stay failed and retry.
    this.transition('failed', {
      requestId: ctx.requestId,
      trigger: ctx.trigger,
      outcome,
      failedAction: 'close',
      message: MESSAGES.didNotRelock(publicReason(outcome))
    })
    this.schedule(this.failureHoldMs, () => this.doRelock())
  }

  /** Calls the driver's lock action whatever the state; null when the driver has none. */
  private async doLock(trigger: DoorTrigger): Promise<DriverOutcome | null> {
    this.cancelTimer()
    const close = this.driver.close?.bind(this.driver)
    const ctx: DriverContext = { requestId: randomUUID(), trigger, at: this.clock.now() }
    const outcome = close ? await this.callDriver(() => close(ctx)) : null
    if (outcome === null || outcome.ok) {
      await this.saveOpenUntil(null)
      if (this.state !== 'locked') this.transition('locked', { requestId: ctx.requestId, trigger, ...(outcome ? { outcome } : {}), message: MESSAGES.locked })
      return outcome
    }
    this.openTrigger = trigger
    this.transition('failed', { requestId: ctx.requestId, trigger, outcome, failedAction: 'close', message: MESSAGES.didNotRelock(publicReason(outcome)) })
    if (!this.disposed) this.schedule(this.failureHoldMs, () => this.doRelock())
    return outcome
  }

  private async saveOpenUntil(until: number | null): Promise<void> {
    try {
      await this.openUntil?.save(until)
    } catch (e) {
      console.warn(`[door] could not record the open-until time: ${e instanceof Error ? e.message : String(e)}`)
    }
  }

  /** A driver that throws (a bug, not an expected failure) still yields a failed outcome. */
  private async callDriver(call: () => Promise<DriverOutcome>): Promise<DriverOutcome> {
    let outcome: DriverOutcome
    try {
      outcome = await call()
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error)
      outcome = failure(this.driver.kind, 'driver-error', `driver error (${detail})`)
    }
    // The full detail for the operator's terminal; the API only ever sees publicReason().
    if (!outcome.ok && outcome.code !== 'not-configured') console.warn(`[door] ${outcome.driver} failed: ${outcome.reason ?? outcome.code}${outcome.process?.stderr ? ` — stderr: ${outcome.process.stderr}` : ''}`)
    return outcome
  }

  private schedule(ms: number, action: () => Promise<void>): void {
    this.cancelTimer()
    this.timer = this.clock.setTimer(ms, () => {
      this.timer = undefined
      if (!this.disposed) void this.enqueue(action)
    })
  }

  private cancelTimer(): void {
    this.timer?.cancel()
    this.timer = undefined
  }

  private transition(state: DoorState, details: Transition): void {
    const event: DoorStateEvent = { ...details, state, previous: this.state, at: this.clock.now() }
    if (event.outcome === undefined) delete event.outcome
    this.state = state
    this.since = event.at
    this.last = event
    this.events.emit('state', event)
  }
}
