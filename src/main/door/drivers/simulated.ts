import { setTimeout as delay } from 'node:timers/promises'
import type { SimulatedDriverConfig } from '../config'
import { success } from '../outcome'
import type { DoorDriver, DriverOutcome } from '../types'

/** The default driver: no hardware, the door exists only as the controller's state. */
export class SimulatedDriver implements DoorDriver {
  readonly kind = 'simulated' as const

  constructor(private readonly config: SimulatedDriverConfig) {}

  async open(): Promise<DriverOutcome> {
    return this.actuate()
  }

  async close(): Promise<DriverOutcome> {
    return this.actuate()
  }

  async test(): Promise<DriverOutcome> {
    return success('simulated', { attempts: 0 })
  }

  private async actuate(): Promise<DriverOutcome> {
    if (this.config.latencyMs > 0) await delay(this.config.latencyMs)
    return success('simulated', { durationMs: this.config.latencyMs })
  }
}
