/**
 * Public types of the door: the controller's states and events, and the driver contract.
 * Nothing here imports Electron; the IPC layer forwards the events to the renderer.
 */

export const DOOR_STATES = ['locked', 'unlocking', 'open', 'relocking', 'failed'] as const
export type DoorState = (typeof DOOR_STATES)[number]

export const DRIVER_KINDS = ['simulated', 'webhook', 'command'] as const
export type DriverKind = (typeof DRIVER_KINDS)[number]

/** Why the door is being opened: an access grant, an administrator, or a driver test. */
export type DoorTrigger =
  | { kind: 'access'; residentId: string }
  | { kind: 'manual'; by: string }
  | { kind: 'test' }
  /** The kiosk locks the door when it starts and when it shuts down. */
  | { kind: 'system'; reason: 'startup' | 'shutdown' }

/** What a driver is told about the request (also the variables of webhook/command templates). */
export interface DriverContext {
  /** Unique per request, for correlating the access log with the lock's own log. */
  requestId: string
  trigger: DoorTrigger
  /** Epoch milliseconds of the request. */
  at: number
}

/** Machine codes of driver failures; `reason` carries the human text. */
export const DRIVER_FAILURE_CODES = [
  'timeout',
  'connection-failed',
  'http-status',
  'exit-code',
  'killed',
  'spawn-failed',
  'not-configured',
  /** The driver threw instead of returning an outcome (a bug in the driver). */
  'driver-error'
] as const
export type DriverFailureCode = (typeof DRIVER_FAILURE_CODES)[number]

export interface HttpRecord {
  status: number
  /** First characters of the response body (see config `recordChars`). */
  body: string
}

export interface ProcessRecord {
  exitCode: number | null
  signal: string | null
  /** Last characters of stderr (see config `recordChars`). */
  stderr: string
}

/** Result of one driver action (open, close or test), recorded in the access log. */
export interface DriverOutcome {
  ok: boolean
  driver: DriverKind
  /** Present when !ok. */
  code?: DriverFailureCode
  /** Human reason when !ok, e.g. "HTTP 500 from http://127.0.0.1:8123/api/...". */
  reason?: string
  /** Requests or runs made (webhook retries count here). */
  attempts: number
  durationMs: number
  /** Last HTTP response, webhook driver only. */
  http?: HttpRecord
  /** Process result, command driver only. */
  process?: ProcessRecord
}

export interface DoorDriver {
  readonly kind: DriverKind
  /** Unlocks/opens. Never throws for an expected failure: returns { ok: false, reason }. */
  open(ctx: DriverContext): Promise<DriverOutcome>
  /** Relocks, for locks that do not relock by themselves. */
  close?(ctx: DriverContext): Promise<DriverOutcome>
  /** Checks the driver is reachable without (if possible) opening the door. */
  test?(): Promise<DriverOutcome>
  /** Releases resources (pending requests, child processes). */
  dispose?(): Promise<void>
}

/** Emitted on every state change. */
export interface DoorStateEvent {
  state: DoorState
  previous: DoorState
  /** Epoch milliseconds from the controller's clock. */
  at: number
  /** Request that caused this state (absent for timer-driven transitions without a request). */
  requestId?: string
  trigger?: DoorTrigger
  /** Driver outcome when this transition follows a driver action. */
  outcome?: DriverOutcome
  /** Present in `failed`: which action failed. */
  failedAction?: 'open' | 'close'
  /** Human sentence for the UI, e.g. "The door did not open: connection refused". */
  message: string
}

export interface DoorEvents {
  state: DoorStateEvent
}

/** Result of DoorController.open / openManually (opening an open door actuates again and restarts the relock time). */
export interface DoorAttempt {
  ok: boolean
  requestId: string
  /** State right after the attempt: 'open' when ok, 'failed' otherwise. */
  state: DoorState
  outcome: DriverOutcome
  message: string
}
