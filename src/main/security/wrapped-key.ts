import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { AES_KEY_BYTES } from '../store/aes-codec'
import { BiometricKeyError } from '../store/codec'
import { asKey, KeyFileProvider, wrappedKeyFilePath } from './key-file'
import type { KeyProvider } from './key-provider'
import { createPrivateFile, readPrivateFile } from './private-file'

/** Something that can seal a key to this user and machine (Electron's safeStorage, in the shell). */
export interface KeyWrapper {
  /** Names the protection for messages, e.g. "OS keychain (gnome_libsecret)". */
  readonly description: string
  wrap(key: Uint8Array): Promise<Uint8Array>
  /** Rejects when the blob was not wrapped for this user/machine. */
  unwrap(blob: Uint8Array): Promise<Uint8Array>
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}

/**
 * The key wrapped by a KeyWrapper in `<dataDir>/biometric.key.safe`. A plain key file left by the
 * browser host or CLI is imported (wrapped) on first load and then removed, so that the key no
 * longer lies readable on disk.
 */
export class WrappedKeyProvider implements KeyProvider {
  readonly path: string
  readonly description: string
  readonly #wrapper: KeyWrapper
  readonly #plain: KeyFileProvider

  constructor(dataDir: string, wrapper: KeyWrapper) {
    this.path = wrappedKeyFilePath(dataDir)
    this.description = `${wrapper.description}, wrapped key ${this.path}`
    this.#wrapper = wrapper
    this.#plain = new KeyFileProvider(dataDir)
  }

  async load(): Promise<Uint8Array | null> {
    const blob = await readPrivateFile(this.path)
    if (blob === null) return this.#importPlainKey()
    const key = await this.#unwrap(blob)
    // An import interrupted after the wrapped file was written: finish it.
    if (equalBytes((await this.#plainKeyIfAny()) ?? new Uint8Array(0), key)) await rm(this.#plain.path, { force: true })
    return key
  }

  async create(): Promise<Uint8Array> {
    const key = new Uint8Array(randomBytes(AES_KEY_BYTES))
    if (await createPrivateFile(this.path, await this.#wrapper.wrap(key))) return key
    const existing = await this.load()
    if (!existing) throw new BiometricKeyError(`${this.path} vanished right after it was found`, 'missing-key')
    return existing
  }

  async #unwrap(blob: Uint8Array): Promise<Uint8Array> {
    let raw: Uint8Array
    try {
      raw = await this.#wrapper.unwrap(blob)
    } catch (e) {
      throw new BiometricKeyError(
        `The ${this.#wrapper.description} could not unwrap ${this.path} (${(e as Error).message}): it was made for another user or machine; run Happy House as the user who set it up`,
        'damaged-key'
      )
    }
    return asKey(raw, this.path)
  }

  async #plainKeyIfAny(): Promise<Uint8Array | null> {
    try {
      return await this.#plain.load()
    } catch {
      return null
    }
  }

  async #importPlainKey(): Promise<Uint8Array | null> {
    const key = await this.#plain.load()
    if (key === null) return null
    await createPrivateFile(this.path, await this.#wrapper.wrap(key))
    // Only drop the plain file once the wrapped copy is known to give the same key back.
    const check = await readPrivateFile(this.path)
    if (check === null || !equalBytes(await this.#unwrap(check), key)) {
      throw new BiometricKeyError(`${this.path} does not hold the key of ${this.#plain.path}: move one of them away`, 'damaged-key')
    }
    await rm(this.#plain.path, { force: true })
    return key
  }
}
