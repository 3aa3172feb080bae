import type { DoorController } from '../door'
import type { EventHub } from '../ipc/event-hub'
import type { StatusService } from './status'

/** Door state goes to every renderer (banner) and to the status bar. */
export function setupDoor(door: DoorController, hub: EventHub, status: StatusService, nameOf: (id: string) => string | null): () => void {
  return door.on('state', (e) => {
    const residentId = e.trigger?.kind === 'access' ? e.trigger.residentId : null
    const failed = e.state === 'failed'
    hub.emit('door', { state: e.state, name: residentId ? nameOf(residentId) : null, message: failed ? e.message : null })
    status.update({ door: { state: e.state, message: failed ? e.message : null } })
  })
}
