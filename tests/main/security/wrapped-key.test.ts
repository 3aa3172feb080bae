import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { access, chmod, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KeyFileProvider, WrappedKeyProvider, type KeyWrapper } from '../../../src/main/security'
import { BiometricKeyError } from '../../../src/main/store/codec'
import { tempDataDir } from '../../support/store-fixtures'

/**
 * Stands in for Electron's safeStorage (not available in Node): a wrapper bound to one secret,
 * like a keychain bound to one user. A wrapper with another secret cannot unwrap its blobs.
 */
function keychain(secret = randomBytes(32)): KeyWrapper {
  return {
    description: 'test keychain',
    async wrap(key) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', secret, iv)
      const body = Buffer.concat([cipher.update(key), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body])
    },
    async unwrap(blob) {
      const bytes = Buffer.from(blob)
      const decipher = createDecipheriv('aes-256-gcm', secret, bytes.subarray(0, 12))
      decipher.setAuthTag(bytes.subarray(12, 28))
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()])
    }
  }
}

let dir: string
let cleanup: () => Promise<void>
beforeEach(async () => {
  ;({ dir, cleanup } = await tempDataDir('hh-wrapped-'))
})
afterEach(async () => {
  await cleanup()
})

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false
  )

describe('the keychain-wrapped biometric key', () => {
  it('stores only the wrapped key (0600), never the raw one', async () => {
    const wrapper = keychain()
    const provider = new WrappedKeyProvider(dir, wrapper)
    expect(await provider.load()).toBeNull()
    const key = await provider.create()
    const onDisk = await readFile(provider.path)
    expect(onDisk.includes(Buffer.from(key))).toBe(false)
    expect((await stat(provider.path)).mode & 0o777).toBe(0o600)
    expect(await exists(join(dir, 'biometric.key'))).toBe(false)
    expect(await new WrappedKeyProvider(dir, wrapper).load()).toEqual(key)
  })

  it('imports a key file left by the browser host or CLI, then removes the plain file', async () => {
    const plainKey = await new KeyFileProvider(dir).create()
    const provider = new WrappedKeyProvider(dir, keychain())
    expect(await provider.load()).toEqual(plainKey)
    expect(await exists(join(dir, 'biometric.key'))).toBe(false)
    expect(await exists(provider.path)).toBe(true)
  })

  it('refuses a wrapped key made for another user or machine with a typed error', async () => {
    await new WrappedKeyProvider(dir, keychain()).create()
    const error = await new WrappedKeyProvider(dir, keychain()).load().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BiometricKeyError)
    expect(error).toMatchObject({ problem: 'damaged-key', message: expect.stringMatching(/could not unwrap .*another user or machine/) })
  })

  it('refuses a wrapped key file readable by others', async () => {
    const provider = new WrappedKeyProvider(dir, keychain())
    await provider.create()
    await chmod(provider.path, 0o644)
    await expect(provider.load()).rejects.toMatchObject({ problem: 'unsafe-key-file' })
  })
})
