import { createAesCodec } from '../store/aes-codec'
import { BiometricKeyError, plainCodec, type BiometricCodec } from '../store/codec'
import { storedCodecIds } from '../store/codec-migration'
import { openStore, type OpenStoreOptions, type Store } from '../store'
import { KeyFileProvider } from './key-file'
import type { KeyProvider } from './key-provider'

/**
 * The encrypting codec for `dataDir`, with the provider's key. A key is only created when no
 * encrypted database exists there: creating a fresh key for an encrypted database would lock the
 * residents out for good, so a missing key is an error that names what to restore.
 */
export async function biometricCodecFor(dataDir: string, provider: KeyProvider): Promise<BiometricCodec> {
  const existing = await provider.load()
  if (existing) return createAesCodec(existing)
  const encrypted = (await storedCodecIds(dataDir)).filter((id) => id !== plainCodec.id)
  if (encrypted.length > 0) {
    throw new BiometricKeyError(
      `The database in ${dataDir} is encrypted (${encrypted[0]}) but its key (${provider.description}) is missing: restore the key from your backup. Without it the residents' face data cannot be read; they would have to be enrolled again in a new data directory.`,
      'missing-key'
    )
  }
  return createAesCodec(await provider.create())
}

export interface OpenEncryptedStoreOptions extends Omit<OpenStoreOptions, 'codec' | 'reencodeFrom'> {
  /** Default: the key file `<dataDir>/biometric.key`. */
  keyProvider?: KeyProvider
}

/** Opens the store with biometric fields encrypted at rest; a plain database is encrypted on open. */
export async function openEncryptedStore(dataDir: string, options: OpenEncryptedStoreOptions): Promise<Store> {
  const { keyProvider, ...storeOptions } = options
  const codec = await biometricCodecFor(dataDir, keyProvider ?? new KeyFileProvider(dataDir))
  return openStore(dataDir, { ...storeOptions, codec, reencodeFrom: [plainCodec] })
}
