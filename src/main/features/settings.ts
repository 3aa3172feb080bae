import { accessConfigFromSettings, type AccessDecider } from '../access'
import { describeOutcome, doorConfigFromSettings, type DoorController } from '../door'
import type { AdminService } from '../admin/admin-service'
import type { IpcRegistry } from '../ipc/registry'
import type { Settings, Store } from '../store'
import type { PublicSettings } from '../../shared/settings'

export function publicSettings(s: Settings): PublicSettings {
  const { admin: _secrets, ...rest } = s
  return rest
}

/** Makes the running door and decider follow the stored settings. */
export async function applySettings(s: Settings, door: DoorController, decider: AccessDecider): Promise<void> {
  decider.configure(accessConfigFromSettings(s))
  await door.applyConfig(doorConfigFromSettings(s))
}

export function setupSettings(
  registry: IpcRegistry,
  deps: { admin: AdminService; store: Store; door: DoorController; decider: AccessDecider; changed: () => void }
): void {
  const { admin, store, door, decider } = deps
  registry.handle('getSettings', ({ token }) => {
    admin.requireSession(token)
    return publicSettings(store.settings.get())
  })
  registry.handle('updateSettings', async ({ token, patch }) => {
    admin.requireSession(token)
    const before = store.settings.get()
    const updated = await store.settings.update(patch)
    try {
      await applySettings(updated, door, decider)
    } catch (e) {
      // Never keep settings the door or decider refused: put the previous ones back.
      await store.settings.update(publicSettings(before))
      await applySettings(before, door, decider)
      throw e
    }
    deps.changed()
    return publicSettings(updated)
  })
  registry.handle('testDoor', async ({ token }) => {
    admin.requireSession(token)
    const outcome = await door.testDriver()
    return { ok: outcome.ok, message: describeOutcome(outcome) }
  })
  registry.handle('openDoor', async ({ token }) => {
    admin.requireSession(token)
    const attempt = await door.openManually('administrator')
    await store.events.append({
      mode: store.settings.get().mode,
      claimedResidentId: null,
      decidedResidentId: null,
      distance: null,
      margin: null,
      frames: null,
      liveness: null,
      result: attempt.ok ? 'manual' : 'door-failed',
      reason: 'manual',
      message: attempt.message.slice(0, 500),
      doorOutcome: { driver: attempt.outcome.driver, ok: attempt.ok, detail: describeOutcome(attempt.outcome).slice(0, 2000), durationMs: attempt.outcome.durationMs }
    })
    return { ok: attempt.ok, message: attempt.message }
  })
}
