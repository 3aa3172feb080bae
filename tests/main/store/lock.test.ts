import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../../../src/main/store'
import { tempDataDir } from '../../support/store-fixtures'

let dir: string
let cleanup: () => Promise<void>
beforeEach(async () => {
  ;({ dir, cleanup } = await tempDataDir())
})
afterEach(async () => {
  await cleanup()
})

describe('data directory lock', () => {
  it('refuses a second open while the first is open, allows it after close', async () => {
    const first = await openStore(dir, { activeModelId: 'm' })
    await expect(openStore(dir, { activeModelId: 'm' })).rejects.toMatchObject({ code: 'LOCKED', message: expect.stringMatching(/in use/) })
    await first.close()
    const second = await openStore(dir, { activeModelId: 'm' })
    await second.close()
  })

  it('takes over the lock of a process that no longer exists', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf-8' })
    await writeFile(join(dir, 'happy-house.lock'), dead.stdout)
    const store = await openStore(dir, { activeModelId: 'm' })
    await store.close()
  })
})
