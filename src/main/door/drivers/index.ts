import type { DoorDriverConfig } from '../config'
import type { DoorDriver } from '../types'
import { CommandDriver } from './command'
import { SimulatedDriver } from './simulated'
import { WebhookDriver } from './webhook'

export { CommandDriver, SimulatedDriver, WebhookDriver }

/** Builds the driver chosen in settings (config already validated by parseDoorConfig). */
/** Drivers time their I/O with real timers: their timeouts bound real network and process waits. */
export function createDoorDriver(config: DoorDriverConfig): DoorDriver {
  switch (config.kind) {
    case 'simulated':
      return new SimulatedDriver(config)
    case 'webhook':
      return new WebhookDriver(config)
    case 'command':
      return new CommandDriver(config)
  }
}
