import { AppError } from '../../shared/errors'
import type { AccessEventDto } from '../../shared/ipc/contract'
import type { AdminService } from '../admin/admin-service'
import type { IpcRegistry } from '../ipc/registry'
import type { AccessEvent, EventQuery, Store } from '../store'

export function eventToDto(e: AccessEvent): AccessEventDto {
  return {
    id: e.id,
    time: e.time,
    mode: e.mode,
    claimedResidentId: e.claimedResidentId,
    claimedName: e.claimedResidentName,
    residentId: e.decidedResidentId,
    name: e.decidedResidentName,
    residentDeleted: e.claimedDeleted || e.decidedDeleted,
    distance: e.distance,
    margin: e.margin,
    threshold: e.threshold,
    frames: e.frames,
    liveness: e.liveness,
    result: e.result,
    reason: e.reason,
    message: e.message,
    doorOutcome: e.doorOutcome,
    hasSnapshot: e.snapshot !== null,
    action: e.action,
    actor: e.actor
  }
}

export function setupLog(registry: IpcRegistry, deps: { admin: AdminService; store: Store }): void {
  const { admin, store } = deps
  registry.handle('queryLog', ({ token, limit, offset, ...filters }) => {
    admin.requireSession(token)
    const query: EventQuery = { ...filters }
    return {
      events: store.events.query({ ...query, limit: limit ?? 100, offset: offset ?? 0 }).map(eventToDto),
      total: store.events.count(query)
    }
  })
  registry.handle('exportLogCsv', ({ token, ...filters }) => {
    admin.requireSession(token)
    return { csv: store.events.exportCsv(filters) }
  })
  registry.handle('getSnapshot', async ({ token, eventId }) => {
    admin.requireSession(token)
    const jpeg = await store.events.snapshot(eventId)
    if (!jpeg) throw new AppError('NOT_FOUND', 'No snapshot is kept for this entry (retention may have removed it)')
    return { jpeg }
  })
}
