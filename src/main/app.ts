import { setupStatus, StatusService } from './features/status'
import { EventHub } from './ipc/event-hub'
import { IpcRegistry } from './ipc/registry'

export interface MainAppOptions {
  transport: 'electron' | 'websocket'
  /** Where residents, settings and the access log live (Electron userData, or --data DIR). */
  dataDir: string
}

export interface MainApp {
  registry: IpcRegistry
  hub: EventHub
  status: StatusService
  dispose(): Promise<void>
}

/**
 * The main-process application without any Electron import: both shells (Electron and the browser
 * host) build it and attach their transport to `registry` and `hub`.
 */
export async function createMainApp(options: MainAppOptions): Promise<MainApp> {
  const registry = new IpcRegistry()
  const hub = new EventHub()
  const status = new StatusService(hub, options.transport)
  setupStatus(registry, status)
  return {
    registry,
    hub,
    status,
    async dispose() {}
  }
}
