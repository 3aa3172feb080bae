import type { Status } from '../../../shared/ipc/contract'
import { api } from '../lib/api'

const RETRY_MS = 2_000

/** What main last told us, and whether it is answering at all. */
export class ServiceState {
  status = $state<Status | null>(null)
  connected = $state(false)
  error = $state<string | null>(null)
  lastPingMs = $state<number | null>(null)

  private retryTimer: ReturnType<typeof setTimeout> | null = null

  async start(): Promise<void> {
    api.on('status', (s) => {
      this.status = s
      this.connected = true
    })
    await this.refresh()
  }

  async refresh(): Promise<void> {
    const started = performance.now()
    const ping = await api.ping({})
    if (!ping.ok) return this.fail(ping.message)
    this.lastPingMs = Math.round(performance.now() - started)
    const status = await api.getStatus({})
    if (!status.ok) return this.fail(status.message)
    this.status = status.value
    this.connected = true
    this.error = null
  }

  private fail(message: string): void {
    this.connected = false
    this.error = message
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = setTimeout(() => void this.refresh(), RETRY_MS)
  }
}
