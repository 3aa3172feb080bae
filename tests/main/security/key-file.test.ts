import { chmod, readFile, stat, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KeyFileProvider } from '../../../src/main/security'
import { BiometricKeyError } from '../../../src/main/store/codec'
import { tempDataDir } from '../../support/store-fixtures'

let dir: string
let cleanup: () => Promise<void>
beforeEach(async () => {
  ;({ dir, cleanup } = await tempDataDir('hh-key-'))
})
afterEach(async () => {
  await cleanup()
})

async function problemOf(promise: Promise<unknown>): Promise<{ problem: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(BiometricKeyError)
  return error as BiometricKeyError
}

describe.skipIf(process.platform === 'win32')('the biometric key file', () => {
  it('is created once, 32 random bytes, owner read/write only (0600)', async () => {
    const provider = new KeyFileProvider(join(dir, 'data'))
    expect(await provider.load()).toBeNull()
    const key = await provider.create()
    expect(key).toHaveLength(32)
    const info = await stat(provider.path)
    expect(info.mode & 0o777).toBe(0o600)
    expect(new Uint8Array(await readFile(provider.path))).toEqual(key)
    expect(await new KeyFileProvider(join(dir, 'data')).load()).toEqual(key)
  })

  it('is never replaced: two processes creating at once end up with the same key', async () => {
    const [a, b] = await Promise.all([new KeyFileProvider(dir).create(), new KeyFileProvider(dir).create()])
    expect(a).toEqual(b)
    expect(new Uint8Array(await readFile(join(dir, 'biometric.key')))).toEqual(a)
  })

  it('is refused when group or others may read it, saying why and how to fix it', async () => {
    const provider = new KeyFileProvider(dir)
    await provider.create()
    await chmod(provider.path, 0o644)
    const error = await problemOf(provider.load())
    expect(error.problem).toBe('unsafe-key-file')
    expect(error.message).toMatch(/permissions 0644: other users could read the key .* chmod 0600/)
    await chmod(provider.path, 0o640)
    expect((await problemOf(provider.load())).problem).toBe('unsafe-key-file')
  })

  it('is refused when it is a symbolic link or has the wrong size', async () => {
    const target = join(dir, 'elsewhere.key')
    await writeFile(target, Buffer.alloc(32, 7), { mode: 0o600 })
    await symlink(target, join(dir, 'biometric.key'))
    expect(await problemOf(new KeyFileProvider(dir).load())).toMatchObject({ problem: 'unsafe-key-file', message: expect.stringMatching(/symbolic link/) })

    const other = join(dir, 'other')
    const provider = new KeyFileProvider(other)
    await provider.create()
    await writeFile(provider.path, Buffer.alloc(31))
    expect(await problemOf(provider.load())).toMatchObject({ problem: 'damaged-key', message: expect.stringMatching(/31 bytes instead of a 32-byte key/) })
  })

  it('points to the Electron app when the key is held in the OS keychain', async () => {
    await writeFile(join(dir, 'biometric.key.safe'), 'wrapped', { mode: 0o600 })
    expect(await problemOf(new KeyFileProvider(dir).load())).toMatchObject({
      problem: 'missing-key',
      message: expect.stringMatching(/held in the OS keychain by the Happy House Electron app/)
    })
  })
})
