import type { AdminService } from '../admin/admin-service'
import type { IpcRegistry } from '../ipc/registry'

export function setupAdmin(registry: IpcRegistry, admin: AdminService): void {
  registry.handle('getAdminState', () => admin.state())
  registry.handle('setupPin', ({ pin, setupCode }) => admin.setupPin(pin, setupCode))
  registry.handle('unlockAdmin', ({ pin }) => admin.unlock(pin))
  registry.handle('lockAdmin', ({ token }) => {
    admin.lock(token)
    return {}
  })
  registry.handle('changePin', async ({ token, currentPin, newPin }) => {
    await admin.changePin(token, currentPin, newPin)
    return {}
  })
}
