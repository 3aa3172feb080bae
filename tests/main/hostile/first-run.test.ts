import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMainApp, type MainApp } from '../../../src/main/app'
import type { CallContext } from '../../../src/main/ipc/registry'
import { tempDataDir } from '../../support/store-fixtures'

/**
 * Issue 13 item 2: whoever reaches the kiosk's screen (or a page on the browser host) first cannot
 * make themselves administrator: the first PIN needs the setup code the kiosk printed on the
 * operator's terminal and keeps in a 0600 file.
 */

const CTX: CallContext = { transport: 'websocket', trustedSender: true, sender: 'first run test' }
const PIN = '246813'
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  vi.restoreAllMocks()
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function firstRunKiosk(): Promise<{ app: MainApp; dir: string; printed: string[] }> {
  const { dir, cleanup } = await tempDataDir('hh-first-run-')
  cleanups.push(cleanup)
  const printed: string[] = []
  // As under systemd: stdout is the journal, not a terminal.
  const wasTTY = process.stdout.isTTY
  process.stdout.isTTY = false
  cleanups.push(async () => void (process.stdout.isTTY = wasTTY))
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => printed.push(String(chunk)) > 0)
  const app = await createMainApp({ transport: 'websocket', dataDir: dir, requireSetupCode: true })
  cleanups.push(() => app.dispose())
  return { app, dir, printed }
}

const codeIn = async (dir: string): Promise<string> => (await readFile(join(dir, 'setup-code'), 'utf8')).trim()

describe('first run needs the setup code', () => {
  it('is kept in a 0600 file whose path (not the code) goes to the log; without it, or with a wrong one, no PIN is set', async () => {
    const { app, dir, printed } = await firstRunKiosk()
    const code = await codeIn(dir)
    expect(code).toMatch(/^\d{10}$/)
    expect((await stat(join(dir, 'setup-code'))).mode & 0o077).toBe(0)
    expect(printed.join('\n')).toContain(join(dir, 'setup-code'))
    expect(printed.join('\n')).not.toContain(code)
    expect(await app.registry.dispatch('getAdminState', {}, CTX)).toMatchObject({ ok: true, value: { pinSet: false, setupCodeRequired: true } })

    expect(await app.registry.dispatch('setupPin', { pin: PIN }, CTX)).toMatchObject({ ok: false, code: 'FORBIDDEN', details: { reason: 'setup-code' } })
    const wrong = code === '0000000000' ? '1111111111' : '0000000000'
    expect(await app.registry.dispatch('setupPin', { pin: PIN, setupCode: wrong }, CTX)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await app.registry.dispatch('setupPin', { pin: PIN, setupCode: code.slice(0, 9) }, CTX)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await app.registry.dispatch('getAdminState', {}, CTX)).toMatchObject({ ok: true, value: { pinSet: false } })

    const ok = await app.registry.dispatch('setupPin', { pin: PIN, setupCode: code }, CTX)
    expect(ok).toMatchObject({ ok: true })
    // Used up: the file goes, and the state no longer asks for a code.
    await expect(stat(join(dir, 'setup-code'))).rejects.toThrow()
    expect(await app.registry.dispatch('getAdminState', {}, CTX)).toMatchObject({ ok: true, value: { pinSet: true, setupCodeRequired: false } })
    expect(await app.registry.dispatch('setupPin', { pin: '999999', setupCode: code }, CTX)).toMatchObject({ ok: false, code: 'CONFLICT' })
  })

  it('five wrong codes replace the code (guessing ten digits five at a time goes nowhere)', async () => {
    const { app, dir, printed } = await firstRunKiosk()
    const first = await codeIn(dir)
    for (let i = 0; i < 5; i++) await app.registry.dispatch('setupPin', { pin: PIN, setupCode: String(1_000_000_000 + i) }, CTX)
    const second = await codeIn(dir)
    expect(second).not.toBe(first)
    expect(printed.join('\n')).toContain('a new one was issued')
    expect(printed.join('\n')).not.toContain(second)
    expect(await app.registry.dispatch('setupPin', { pin: PIN, setupCode: first }, CTX)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await app.registry.dispatch('setupPin', { pin: PIN, setupCode: second }, CTX)).toMatchObject({ ok: true })
  })

  it('the code survives a restart until it is used', async () => {
    const { app, dir } = await firstRunKiosk()
    const code = await codeIn(dir)
    await app.dispose()
    const again = await createMainApp({ transport: 'websocket', dataDir: dir, requireSetupCode: true })
    cleanups.push(() => again.dispose())
    expect(await codeIn(dir)).toBe(code)
  })
})
