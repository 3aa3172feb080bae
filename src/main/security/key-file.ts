import { randomBytes } from 'node:crypto'
import { access } from 'node:fs/promises'
import { join } from 'node:path'
import { AES_KEY_BYTES } from '../store/aes-codec'
import { BiometricKeyError } from '../store/codec'
import type { KeyProvider } from './key-provider'
import { createPrivateFile, readPrivateFile } from './private-file'
import { SECURITY_CONFIG } from './security-config'

export function keyFilePath(dataDir: string): string {
  return join(dataDir, SECURITY_CONFIG.keyFileName)
}

export function wrappedKeyFilePath(dataDir: string): string {
  return join(dataDir, SECURITY_CONFIG.wrappedKeyFileName)
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false
  )
}

/** Checks the size of a raw key read from `path`. */
export function asKey(bytes: Uint8Array, path: string): Uint8Array {
  if (bytes.length !== AES_KEY_BYTES) {
    throw new BiometricKeyError(
      `${path} holds ${bytes.length} bytes instead of a ${AES_KEY_BYTES}-byte key: it is damaged; restore it from your backup`,
      'damaged-key'
    )
  }
  return new Uint8Array(bytes)
}

/**
 * The key as a 0600 file in the data directory: `<dataDir>/biometric.key`, 32 random bytes. Used by
 * the browser host and the CLI (and by Electron when no OS keychain is available).
 */
export class KeyFileProvider implements KeyProvider {
  readonly path: string
  readonly description: string
  readonly #dataDir: string

  constructor(dataDir: string) {
    this.#dataDir = dataDir
    this.path = keyFilePath(dataDir)
    this.description = `key file ${this.path}`
  }

  async load(): Promise<Uint8Array | null> {
    const bytes = await readPrivateFile(this.path)
    if (bytes !== null) return asKey(bytes, this.path)
    const wrapped = wrappedKeyFilePath(this.#dataDir)
    if (await exists(wrapped)) {
      throw new BiometricKeyError(
        `The biometric key of ${this.#dataDir} is held in the OS keychain by the Happy House Electron app (${wrapped}): open this data directory with the Electron app`,
        'missing-key'
      )
    }
    return null
  }

  async create(): Promise<Uint8Array> {
    const created = await createPrivateFile(this.path, randomBytes(AES_KEY_BYTES))
    // Another process created it first: use that one, never a second key.
    const key = await this.load()
    if (!key) throw new BiometricKeyError(`${this.path} vanished right after it was ${created ? 'created' : 'found'}`, 'missing-key')
    return key
  }
}
