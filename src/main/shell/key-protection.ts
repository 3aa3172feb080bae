import type { SafeStorage } from 'electron'
import { KeyFileProvider, WrappedKeyProvider, type KeyProvider, type KeyWrapper } from '../security'

/** The part of Electron's safeStorage the key wrapper uses (a plain object in tests). */
export type SafeStorageLike = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>

/** Linux backends that do not actually protect anything (a hard-coded or in-memory password). */
const UNPROTECTED_BACKENDS = new Set(['basic_text', 'unknown'])

export type KeyChoice = { provider: KeyProvider; reason: string }

function backendOf(safeStorage: SafeStorageLike, platform: NodeJS.Platform): string | null {
  return platform === 'linux' && safeStorage.getSelectedStorageBackend ? safeStorage.getSelectedStorageBackend() : null
}

/** safeStorage as a KeyWrapper (the key travels as base64 text, which is what it encrypts). */
export function safeStorageWrapper(safeStorage: SafeStorageLike, backend: string | null): KeyWrapper {
  return {
    description: backend ? `OS keychain (${backend})` : 'OS keychain',
    wrap: async (key) => new Uint8Array(await safeStorage.encryptStringAsync(Buffer.from(key).toString('base64'))),
    unwrap: async (blob) => new Uint8Array(Buffer.from((await safeStorage.decryptStringAsync(Buffer.from(blob))).result, 'base64'))
  }
}

/**
 * The biometric key under Electron: wrapped by safeStorage when the OS keychain really protects it,
 * else the 0600 key file (with the reason, for the log). Call after the app is ready.
 */
export async function chooseElectronKeyProvider(dataDir: string, safeStorage: SafeStorageLike, platform = process.platform): Promise<KeyChoice> {
  const backend = backendOf(safeStorage, platform)
  if (backend !== null && UNPROTECTED_BACKENDS.has(backend)) {
    return {
      provider: new KeyFileProvider(dataDir),
      reason: `no OS keychain in this session (safeStorage backend "${backend}"): the biometric key stays in the 0600 key file`
    }
  }
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    return { provider: new KeyFileProvider(dataDir), reason: 'safeStorage is not available: the biometric key stays in the 0600 key file' }
  }
  const wrapper = safeStorageWrapper(safeStorage, backend)
  return { provider: new WrappedKeyProvider(dataDir, wrapper), reason: `the biometric key is wrapped by the ${wrapper.description}` }
}
