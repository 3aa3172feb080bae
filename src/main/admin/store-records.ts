import type { SettingsRepo } from '../store'
import type { AdminRecord, AdminRecordStore } from './admin-service'

/** The administrator record lives in the store's settings (validated and written atomically with them). */
export function adminRecordsIn(settings: SettingsRepo): AdminRecordStore {
  return {
    read: () => {
      const a = settings.get().admin
      return { pinHash: a.pinHash, pinSalt: a.pinSalt, failedAttempts: a.failedAttempts, lockedUntil: a.lockedUntil, lockouts: a.lockouts }
    },
    write: async (record: AdminRecord) => {
      await settings.update({ admin: record })
    }
  }
}
