import { AppError } from '../../shared/errors'
import { doorConfigFromSettings, type DoorConfig, type DoorSettings } from './config'
import { webhookUrlRefusal, type OperatorDoorConfig } from './operator-file'

/**
 * The door config for the stored settings, checked against the operator's file: the command
 * driver's programs come from it (by name), webhook destinations must be allowed by it. What it
 * does not allow gives a driver whose every action fails with the reason (`unavailable`), so a
 * kiosk whose settings the operator no longer allows starts, and says why the door cannot work.
 */
export async function resolveDoorConfig(
  stored: DoorSettings,
  operator: OperatorDoorConfig,
  /** Opens the stored (sealed) webhook header values for the request. */
  revealHeaders: (headers: Record<string, string>) => Record<string, string> = (h) => h
): Promise<DoorConfig> {
  const settings: DoorSettings = stored.door.kind === 'webhook' ? { ...stored, door: { ...stored.door, headers: revealHeaders(stored.door.headers) } } : stored
  const door = settings.door
  if (door.kind === 'command') {
    const declared = door.name ? operator.commands[door.name] : undefined
    if (!declared) {
      const why = operator.problem ?? (door.name ? `no door program named "${door.name}" is declared in ${operator.path}` : 'no door program chosen')
      return doorConfigFromSettings(settings, { unavailable: why })
    }
    return doorConfigFromSettings(settings, {
      unavailable: undefined,
      open: declared.open,
      ...(declared.lock ? { close: declared.lock } : {}),
      ...(declared.test ? { test: declared.test } : {}),
      timeoutMs: declared.timeoutMs
    })
  }
  if (door.kind === 'webhook') {
    // Every address the kiosk may call, the test's too, must be one the operator allows.
    for (const url of [door.url, door.lockUrl, door.testUrl].filter((u): u is string => u !== undefined)) {
      const refusal = operator.problem ?? (await webhookUrlRefusal(url, operator))
      if (refusal) return doorConfigFromSettings(settings, { unavailable: refusal })
    }
    // Checked again at every request: a name allowed today may resolve to the LAN tomorrow.
    return doorConfigFromSettings(settings, { publicOnly: operator.webhookUrlPrefixes.length === 0 })
  }
  return doorConfigFromSettings(settings)
}

/** For a settings change: the reason the operator's file refuses the new door, as a typed error. */
export function assertDoorAvailable(config: DoorConfig): void {
  const driver = config.driver
  if (driver.kind !== 'simulated' && driver.unavailable !== undefined) {
    throw new AppError('INVALID_PAYLOAD', `Door settings refused: ${driver.unavailable}`, { field: 'door' })
  }
}
