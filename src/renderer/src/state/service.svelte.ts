import type { ErrorResult } from '../../../shared/errors'
import type { HappyHouseApi } from '../../../shared/ipc/api'
import type { Status } from '../../../shared/ipc/contract'
import { defaultApi } from '../lib/api'
import { disconnected } from '../lib/disconnected'

/**
 * What main last told us, and whether it can be reached. Status arrives as events only: main pushes one
 * whenever a fact changes and greets every new connection with the current one; the transport says when
 * the connection drops. The one getStatus at start covers Electron, whose IPC has no greeting.
 */
export class ServiceState {
  status = $state<Status | null>(null)
  connected = $state(false)
  /** Set once the first answer (or failure) arrived, so the UI does not flash "disconnected" at start. */
  settled = $state(false)
  /** Why main cannot be reached, as codes (DISCONNECTED's details say lost, unreachable or no token): the UI words it. */
  error = $state<ErrorResult | null>(null)
  /** Round trip of the first status request (shown to administrators only). */
  lastPingMs = $state<number | null>(null)

  private stops: (() => void)[] = []

  constructor(private readonly api: HappyHouseApi = defaultApi()) {}

  async start(): Promise<void> {
    this.stops = [
      this.api.on('status', (s) => this.receive(s)),
      this.api.onConnection((connected, loss) => {
        if (!connected) this.markDisconnected(disconnected(loss ?? 'lost'))
      })
    ]
    const started = performance.now()
    const r = await this.api.getStatus({})
    if (!r.ok) return this.markDisconnected(r)
    this.lastPingMs = Math.round(performance.now() - started)
    this.receive(r.value)
  }

  stop(): void {
    for (const stop of this.stops) stop()
    this.stops = []
  }

  /** Called by callers that saw DISCONNECTED on their own request: shows it at once. */
  markDisconnected(error: ErrorResult): void {
    this.connected = false
    this.settled = true
    this.error = error
  }

  private receive(status: Status): void {
    this.status = status
    this.connected = true
    this.settled = true
    this.error = null
  }
}
