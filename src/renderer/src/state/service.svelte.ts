import type { Status } from '../../../shared/ipc/contract'
import { UI_CONFIG } from '../logic/ui-config'
import { api } from '../lib/api'

/**
 * What main last told us, and whether it is answering at all. Polls ping+status on a steady beat (so a
 * dropped service is noticed and a recovered one picked up), and listens to pushed status events.
 */
export class ServiceState {
  status = $state<Status | null>(null)
  connected = $state(false)
  /** Set once the first answer (or failure) arrived, so the UI does not flash "disconnected" at start. */
  settled = $state(false)
  error = $state<string | null>(null)
  lastPingMs = $state<number | null>(null)

  private timer: ReturnType<typeof setTimeout> | null = null
  private unsubscribe: (() => void) | null = null

  async start(): Promise<void> {
    this.unsubscribe = api.on('status', (s) => {
      this.status = s
      this.connected = true
      this.error = null
    })
    await this.refresh()
  }

  stop(): void {
    this.unsubscribe?.()
    if (this.timer) clearTimeout(this.timer)
  }

  /** Called by callers that saw DISCONNECTED on their own request: shows the message at once. */
  markDisconnected(message: string): void {
    this.connected = false
    this.settled = true
    this.error = message
  }

  async refresh(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    const started = performance.now()
    const ping = await api.ping({})
    if (!ping.ok) return this.fail(ping.message)
    this.lastPingMs = Math.round(performance.now() - started)
    const status = await api.getStatus({})
    if (!status.ok) return this.fail(status.message)
    this.status = status.value
    this.connected = true
    this.settled = true
    this.error = null
    this.schedule()
  }

  private fail(message: string): void {
    this.connected = false
    this.settled = true
    this.error = message
    this.schedule()
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer)
    // Faster while disconnected: the door should come back as soon as the service does.
    const delay = this.connected ? UI_CONFIG.kiosk.statusPollMs : UI_CONFIG.kiosk.reconnectMs
    this.timer = setTimeout(() => void this.refresh(), delay)
  }
}
