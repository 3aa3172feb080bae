import { chmod, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { main } from '../../../src/main/cli/main'
import { tempDataDir } from '../../support/store-fixtures'

let dir: string
let cleanup: () => Promise<void>
beforeEach(async () => {
  ;({ dir, cleanup } = await tempDataDir('hh-cli-key-'))
})
afterEach(async () => {
  await cleanup()
})

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} })
  return { code, stdout, stderr }
}

describe.skipIf(process.platform === 'win32')('the CLI opens the data directory encrypted', () => {
  it('creates the 0600 key file with an encrypted database', async () => {
    expect((await cli('residents', '--data', dir)).code).toBe(0)
    expect((await stat(join(dir, 'biometric.key'))).mode & 0o777).toBe(0o600)
    expect(JSON.parse(await readFile(join(dir, 'happy-house.json'), 'utf-8')).biometricCodec).toBe('aes-256-gcm-v1')
  })

  it('refuses a key file others can read, saying how to fix it', async () => {
    await cli('residents', '--data', dir)
    await chmod(join(dir, 'biometric.key'), 0o644)
    const run = await cli('residents', '--data', dir, '--json')
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      code: 'STORE_CORRUPT',
      message: expect.stringMatching(/permissions 0644.*chmod 0600/),
      details: { problem: 'unsafe-key-file' }
    })
  })
})
