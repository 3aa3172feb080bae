import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KeyFileProvider, WrappedKeyProvider } from '../../../src/main/security'
import { chooseElectronKeyProvider, type SafeStorageLike } from '../../../src/main/shell/key-protection'
import { tempDataDir } from '../../support/store-fixtures'

/** A plain object with safeStorage's shape (Electron is not available under Node). */
function fakeSafeStorage(backend: string, available = true): SafeStorageLike & { calls: string[] } {
  const secret = randomBytes(32)
  const calls: string[] = []
  return {
    calls,
    getSelectedStorageBackend: () => backend as ReturnType<NonNullable<SafeStorageLike['getSelectedStorageBackend']>>,
    isAsyncEncryptionAvailable: async () => available,
    async encryptStringAsync(text) {
      calls.push('encrypt')
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', secret, iv)
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body])
    },
    async decryptStringAsync(blob) {
      calls.push('decrypt')
      const decipher = createDecipheriv('aes-256-gcm', secret, blob.subarray(0, 12))
      decipher.setAuthTag(blob.subarray(12, 28))
      return { result: Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8'), shouldReEncrypt: false }
    }
  }
}

let dir: string
let cleanup: () => Promise<void>
beforeEach(async () => {
  ;({ dir, cleanup } = await tempDataDir('hh-shell-key-'))
})
afterEach(async () => {
  await cleanup()
})

describe('the Electron shell chooses where the biometric key lives', () => {
  it('wraps it with safeStorage when a real keychain backs it', async () => {
    const safeStorage = fakeSafeStorage('gnome_libsecret')
    const choice = await chooseElectronKeyProvider(dir, safeStorage, 'linux')
    expect(choice.provider).toBeInstanceOf(WrappedKeyProvider)
    expect(choice.reason).toMatch(/OS keychain \(gnome_libsecret\)/)
    const key = await choice.provider.create()
    expect(safeStorage.calls).toContain('encrypt')
    expect((await readFile(join(dir, 'biometric.key.safe'))).includes(Buffer.from(key))).toBe(false)
    expect(await (await chooseElectronKeyProvider(dir, safeStorage, 'linux')).provider.load()).toEqual(key)
  })

  it('keeps the 0600 key file when the keychain is only basic_text or unavailable, and says why', async () => {
    const basic = await chooseElectronKeyProvider(dir, fakeSafeStorage('basic_text'), 'linux')
    expect(basic.provider).toBeInstanceOf(KeyFileProvider)
    expect(basic.reason).toMatch(/backend "basic_text"/)
    const none = await chooseElectronKeyProvider(dir, fakeSafeStorage('gnome_libsecret', false), 'linux')
    expect(none.provider).toBeInstanceOf(KeyFileProvider)
    expect(none.reason).toMatch(/not available/)
  })
})
