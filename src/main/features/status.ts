import type { Status } from '../../shared/ipc/contract'
import { SENSITIVITY_PRESETS, type AccessDecider, type SensitivityPreset } from '../access'
import type { EventHub } from '../ipc/event-hub'
import type { IpcRegistry } from '../ipc/registry'
import { APP_NAME, APP_VERSION } from '../app-info'

type Parts = Omit<Status, 'app' | 'transport'>

/** Holds the status bar's facts; features update their part and every renderer is told. */
export class StatusService {
  private parts: Parts = {
    engine: { state: 'idle', modelId: null, code: null, message: null },
    door: { state: 'locked', message: null },
    residents: 0,
    auditLog: { intact: true, message: null },
    openSet: null
  }

  constructor(
    private readonly hub: EventHub,
    private readonly transport: Status['transport']
  ) {
    // Seeds the hub's last status, which greets every page that connects.
    hub.emit('status', this.get())
  }

  get(): Status {
    return { app: { name: APP_NAME, version: APP_VERSION }, transport: this.transport, ...this.parts }
  }

  update(change: Partial<Parts>): void {
    this.parts = { ...this.parts, ...change }
    this.hub.emit('status', this.get())
  }
}

export function setupStatus(registry: IpcRegistry, status: StatusService): void {
  registry.handle('ping', () => ({ pong: true as const, time: Date.now() }))
  registry.handle('getStatus', () => status.get())
}

/** Expected false opens per stranger attempt for every preset with the decider's current gallery. */
export function openSetStatus(decider: AccessDecider, residents: number, embeddings: number): NonNullable<Status['openSet']> {
  const strangerRate = Object.fromEntries(SENSITIVITY_PRESETS.map((p) => [p, decider.thresholdInForce(p).strangerRate])) as Record<SensitivityPreset, number>
  return { residents, embeddings, strangerRate }
}
