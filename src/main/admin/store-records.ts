import type { SecretBox, SettingsRepo } from '../store'
import type { AdminRecord, AdminRecordStore } from './admin-service'

/** Additional data of the sealed PIN verifier: bound to its field and its salt. */
const verifierContext = (salt: string): string => `admin-pin-verifier:${salt}`
/** The plain codec's id: its "sealed" values are plain base64, as unsealed verifiers are. */
const PLAIN_CODEC_ID = 'plain-v1'

/**
 * The administrator record lives in the store's settings (validated and written atomically with
 * them). The PIN verifier is sealed with the store's secret box (the biometric key) on every write
 * and opened on read, so AdminService only ever sees the scrypt output.
 */
export function adminRecordsIn(settings: SettingsRepo, secrets?: SecretBox): AdminRecordStore {
  return {
    read: () => {
      const a = settings.get().admin
      let pinHash = a.pinHash
      if (pinHash !== null && a.pinSalt !== null && secrets && a.pinCodec !== null && a.pinCodec !== PLAIN_CODEC_ID) {
        pinHash = Buffer.from(secrets.open(pinHash, verifierContext(a.pinSalt))).toString('base64')
      }
      return { pinHash, pinSalt: a.pinSalt, failedAttempts: a.failedAttempts, lockedUntil: a.lockedUntil, lockouts: a.lockouts }
    },
    write: async (record: AdminRecord) => {
      const sealed =
        record.pinHash !== null && record.pinSalt !== null && secrets
          ? { pinHash: secrets.seal(Buffer.from(record.pinHash, 'base64'), verifierContext(record.pinSalt)), pinCodec: secrets.codecId }
          : { pinHash: record.pinHash, pinCodec: null }
      await settings.update({ admin: { ...record, ...sealed } })
    }
  }
}

/** Seals a verifier stored before sealing existed (or by another codec); true when it rewrote it. */
export async function sealStoredPinVerifier(settings: SettingsRepo, secrets: SecretBox): Promise<boolean> {
  const a = settings.get().admin
  if (a.pinHash === null || a.pinSalt === null || a.pinCodec === secrets.codecId) return false
  const records = adminRecordsIn(settings, secrets)
  await records.write(records.read())
  return true
}
