import type { AdminService } from '../admin/admin-service'
import { sessionActor } from '../admin/sessions'
import type { IpcRegistry } from '../ipc/registry'
import type { EnrollmentService, EnrollResult } from '../residents'
import type { Store } from '../store'
import { lookAlikeToDto, residentDetailToDto, residentToDto } from './residents-dto'

/** Everything that changes who can be recognised calls this (gallery, status bar, kiosk name list). */
export type ResidentsChanged = () => void

export function setupResidents(
  registry: IpcRegistry,
  deps: { admin: AdminService; store: Store; enrollment: () => EnrollmentService; changed: ResidentsChanged }
): void {
  const { admin, store, changed } = deps
  const enrollDto = (r: EnrollResult) => ({
    resident: residentToDto(store, r.resident),
    accepted: r.accepted,
    rejected: r.rejected.map((x) => ({ index: x.index, code: x.code, reason: x.reason, message: x.message })),
    warnings: r.warnings,
    advice: r.advice,
    lookAlikes: r.lookAlikes.map(lookAlikeToDto)
  })

  registry.handle('listResidents', ({ token }) => {
    admin.requireSession(token)
    return store.residents.list().map((r) => residentToDto(store, r))
  })
  registry.handle('getResident', ({ token, residentId }) => {
    admin.requireSession(token)
    return residentDetailToDto(store, store.residents.get(residentId))
  })
  registry.handle('enrollResident', async ({ token, name, photos, source, confirm }) => {
    admin.requireSession(token)
    const result = await deps.enrollment().enroll(name, photos, { source, confirm })
    changed()
    await store.events.appendAudit({ action: 'resident-enrolled', actor: sessionActor(token), residentId: result.resident.id, message: `Resident enrolled from ${source} with ${result.accepted.length} photo(s)` })
    return enrollDto(result)
  })
  registry.handle('addPhotos', async ({ token, residentId, photos, source, confirm }) => {
    admin.requireSession(token)
    const result = await deps.enrollment().addPhotos(residentId, photos, { source, confirm })
    changed()
    await store.events.appendAudit({ action: 'photos-added', actor: sessionActor(token), residentId, message: `${result.accepted.length} photo(s) added from ${source}` })
    return enrollDto(result)
  })
  registry.handle('removePhoto', async ({ token, residentId, photoId }) => {
    admin.requireSession(token)
    await store.residents.removePhoto(residentId, photoId)
    changed()
    await store.events.appendAudit({ action: 'photo-removed', actor: sessionActor(token), residentId, message: 'A photo was removed' })
    return residentToDto(store, store.residents.get(residentId))
  })
  registry.handle('renameResident', async ({ token, residentId, name }) => {
    admin.requireSession(token)
    const renamed = await store.residents.rename(residentId, name)
    changed()
    await store.events.appendAudit({ action: 'resident-renamed', actor: sessionActor(token), residentId, message: 'Resident renamed' })
    return residentToDto(store, renamed)
  })
  registry.handle('deleteResident', async ({ token, residentId }) => {
    admin.requireSession(token)
    await store.residents.delete(residentId)
    changed()
    // No id or name: the deletion erases the resident from the log, this entry included.
    await store.events.appendAudit({ action: 'resident-deleted', actor: sessionActor(token), message: 'A resident was deleted (photos, face data and name erased)' })
    return {}
  })
  registry.handle('listLookAlikes', ({ token }) => {
    admin.requireSession(token)
    return deps.enrollment().lookAlikes().map(lookAlikeToDto)
  })
  registry.handle('checkCapture', async ({ token, frame }) => {
    admin.requireSession(token)
    const check = await deps.enrollment().checkCapture(frame)
    return { ok: check.ok, hint: check.hint, box: check.box, width: check.width, height: check.height }
  })
}
