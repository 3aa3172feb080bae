import type { HappyHouseApi } from '../../../shared/ipc/api'
import type { Status } from '../../../shared/ipc/contract'
import { defaultApi } from '../lib/api'

const LOST = 'Lost the connection to the Happy House service'

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
  error = $state<string | null>(null)
  /** Round trip of the first status request (shown to administrators only). */
  lastPingMs = $state<number | null>(null)

  private stops: (() => void)[] = []

  constructor(private readonly api: HappyHouseApi = defaultApi()) {}

  async start(): Promise<void> {
    this.stops = [
      this.api.on('status', (s) => this.receive(s)),
      this.api.onConnection((connected) => {
        if (!connected) this.markDisconnected(LOST)
      })
    ]
    const started = performance.now()
    const r = await this.api.getStatus({})
    if (!r.ok) return this.markDisconnected(r.message)
    this.lastPingMs = Math.round(performance.now() - started)
    this.receive(r.value)
  }

  stop(): void {
    for (const stop of this.stops) stop()
    this.stops = []
  }

  /** Called by callers that saw DISCONNECTED on their own request: shows the message at once. */
  markDisconnected(message: string): void {
    this.connected = false
    this.settled = true
    this.error = message
  }

  private receive(status: Status): void {
    this.status = status
    this.connected = true
    this.settled = true
    this.error = null
  }
}
