import type { IpcRegistry } from '../ipc/registry'
import type { KioskService } from './kiosk-service'

export function setupKiosk(registry: IpcRegistry, kiosk: KioskService): void {
  registry.handle('getKioskConfig', () => kiosk.config())
  registry.handle('recognizeFrame', ({ frame, capturedAt }) => kiosk.recognizeFrame(frame, capturedAt))
  registry.handle('claimIdentity', (request) => kiosk.claim(request))
  registry.handle('cancelClaim', () => {
    kiosk.cancelClaim()
    return { residentId: null, name: null, expiresAt: null }
  })
}
