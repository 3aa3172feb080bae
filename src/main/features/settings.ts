import { accessConfigFromSettings, type AccessDecider } from '../access'
import { assertDoorAvailable, describeOutcome, resolveDoorConfig, type DoorController, type OperatorDoorConfig } from '../door'
import type { AdminService } from '../admin/admin-service'
import { sessionActor } from '../admin/sessions'
import type { IpcRegistry } from '../ipc/registry'
import type { SecretBox, Settings, Store } from '../store'
import { maskHeaders, openHeaders, sealPatchHeaders } from './door-secrets'
import type { PublicSettings } from '../../shared/settings'

/** Settings as the admin screens see them: no PIN record, webhook header values masked. */
export function publicSettings(s: Settings): PublicSettings {
  return maskHeaders(storableSettings(s))
}

/** Every setting but the admin record, values as stored (for putting previous settings back). */
function storableSettings(s: Settings): PublicSettings {
  const { admin: _secrets, ...rest } = s
  return rest
}

/**
 * Makes the running door and decider follow the stored settings. With `checkDoor`, a door the
 * operator's file does not allow (an undeclared program, a refused webhook address) is an error.
 */
export async function applySettings(s: Settings, door: DoorController, decider: AccessDecider, operator: OperatorDoorConfig, secrets: SecretBox, checkDoor = false): Promise<void> {
  const doorConfig = await resolveDoorConfig(s, operator, (h) => openHeaders(secrets, h))
  if (checkDoor) assertDoorAvailable(doorConfig)
  decider.configure(accessConfigFromSettings(s))
  await door.applyConfig(doorConfig)
}

/** Which settings a patch changes, for the audit trail: keys only (the door's kind too), never values. */
export function changedSettingKeys(before: Settings, after: Settings, patch: object): string[] {
  const keys: string[] = []
  for (const key of Object.keys(patch) as (keyof Settings)[]) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue
    if (key === 'door') {
      const fields = new Set([...Object.keys(before.door), ...Object.keys(after.door)])
      const changed = [...fields].filter((f) => JSON.stringify((before.door as Record<string, unknown>)[f]) !== JSON.stringify((after.door as Record<string, unknown>)[f]))
      keys.push(`door (${after.door.kind}: ${changed.join(', ')})`)
    } else if (typeof after[key] === 'object' && after[key] !== null) {
      const b = before[key] as Record<string, unknown>
      const a = after[key] as Record<string, unknown>
      keys.push(...Object.keys(a).filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f])).map((f) => `${key}.${f}`))
    } else keys.push(key)
  }
  return keys
}

export function setupSettings(
  registry: IpcRegistry,
  deps: { admin: AdminService; store: Store; door: DoorController; decider: AccessDecider; changed: () => void; operator: () => Promise<OperatorDoorConfig> }
): void {
  const { admin, store, door, decider, operator } = deps
  registry.handle('getSettings', ({ token }) => {
    admin.requireSession(token)
    return publicSettings(store.settings.get())
  })
  registry.handle('updateSettings', async ({ token, patch }) => {
    admin.requireSession(token)
    const before = store.settings.get()
    const updated = await store.settings.update(sealPatchHeaders(patch, before, store.secrets))
    const declared = await operator()
    try {
      await applySettings(updated, door, decider, declared, store.secrets, patch.door !== undefined)
    } catch (e) {
      // Never keep settings the door or decider refused: put the previous ones back.
      await store.settings.update(storableSettings(before))
      await applySettings(before, door, decider, declared, store.secrets)
      throw e
    }
    deps.changed()
    const keys = changedSettingKeys(before, updated, patch)
    if (keys.length > 0) await store.events.appendAudit({ action: 'settings-changed', actor: sessionActor(token), message: `Settings changed: ${keys.join('; ')}` })
    return publicSettings(updated)
  })
  registry.handle('getDoorOptions', async ({ token }) => {
    admin.requireSession(token)
    const declared = await operator()
    return {
      commands: Object.entries(declared.commands).map(([name, c]) => ({ name, lock: c.lock !== undefined, test: c.test !== undefined })),
      webhookUrlPrefixes: declared.webhookUrlPrefixes,
      problem: declared.problem,
      path: declared.path
    }
  })
  registry.handle('testDoor', async ({ token }) => {
    admin.requireSession(token)
    // The operator may have edited door-commands.json since: the door follows it from now on.
    await applySettings(store.settings.get(), door, decider, await operator(), store.secrets)
    const outcome = await door.testDriver()
    await store.events.appendAudit({
      action: 'door-test',
      actor: sessionActor(token),
      message: outcome.ok ? 'Door test: the driver answered' : 'Door test: the driver failed',
      doorOutcome: { driver: outcome.driver, ok: outcome.ok, detail: describeOutcome(outcome).slice(0, 2000), durationMs: outcome.durationMs }
    })
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
      doorOutcome: { driver: attempt.outcome.driver, ok: attempt.ok, detail: describeOutcome(attempt.outcome).slice(0, 2000), durationMs: attempt.outcome.durationMs },
      action: null,
      actor: sessionActor(token)
    })
    return { ok: attempt.ok, message: attempt.message }
  })
}
