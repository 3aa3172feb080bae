import { lockoutStateSchema, type LockoutState } from '../access'
import { processLogger } from '../log/logger.mjs'
import { StateFile } from '../store/state-file'

export const CLAIM_LOCKOUTS_FILE = 'claim-lockouts.json'

export interface SavedClaimLockouts {
  initial: LockoutState
  changed: (state: LockoutState) => void
  /** Waits for the last change to be on disk (at shutdown). */
  flush(): Promise<void>
}

/**
 * Failed identity claims and lockouts kept in `<data>/claim-lockouts.json`: otherwise restarting the
 * kiosk (or making it crash) would lift a lockout and give an attacker a fresh set of attempts.
 */
export async function openClaimLockouts(dataDir: string): Promise<SavedClaimLockouts> {
  const file = new StateFile(dataDir, CLAIM_LOCKOUTS_FILE, lockoutStateSchema)
  return {
    initial: (await file.load()) ?? {},
    changed: (state) => {
      file.save(state).catch((e: unknown) => processLogger('access').error(`claim lockouts could not be saved to ${file.path}: ${String(e)}`))
    },
    flush: () => file.flush()
  }
}
