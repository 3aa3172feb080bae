import { createServer, type Server } from 'node:http'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createMainApp, type MainApp } from '../../../src/main/app'
import type { CallContext } from '../../../src/main/ipc/registry'
import { openEncryptedStore } from '../../../src/main/security'
import { allowWebhooks } from '../../support/door-operator'
import { tempDataDir } from '../../support/store-fixtures'
import { until } from '../../support/until'

/**
 * Issue 13 item 8: the door never stays open because the kiosk stopped. A real lock (a webhook
 * server on 127.0.0.1) receives "lock" when the kiosk starts, when the relock time is over and when
 * it shuts down; "open until" is kept on disk so a crash while open is known at the next start.
 */

const CTX: CallContext = { transport: 'websocket', trustedSender: true, sender: 'door lock test' }
const PIN = '246813'

interface Lock {
  server: Server
  origin: string
  calls: string[]
  /** performance.now() at each call's arrival. */
  at: number[]
}

async function startLock(): Promise<Lock> {
  const calls: string[] = []
  const at: number[] = []
  const server = createServer((req, res) => {
    calls.push(req.url ?? '')
    at.push(performance.now())
    req.resume()
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, calls, at }
}

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function call<T>(app: MainApp, verb: string, payload: unknown): Promise<T> {
  const r = await app.registry.dispatch(verb, payload, CTX)
  if (!r.ok) throw new Error(`${verb}: ${r.code} ${r.message}`)
  return r.value as T
}

async function kioskWithLock(): Promise<{ dir: string; lock: Lock }> {
  const { dir, cleanup } = await tempDataDir('hh-door-lock-')
  cleanups.push(cleanup)
  const lock = await startLock()
  cleanups.push(async () => void lock.server.close())
  await allowWebhooks(dir, lock.origin)
  const store = await openEncryptedStore(dir, { activeModelId: 'm' })
  await store.settings.update({ relockMs: 600, door: { kind: 'webhook', url: `${lock.origin}/open`, lockUrl: `${lock.origin}/lock`, method: 'POST', headers: {}, timeoutMs: 2000, retries: 0 } })
  await store.close()
  return { dir, lock }
}

describe('the door locks', () => {
  it('at start-up, after the relock time, and at shutdown; open-until is on disk while open', async () => {
    const { dir, lock } = await kioskWithLock()
    const app = await createMainApp({ transport: 'websocket', dataDir: dir })
    let disposed = false
    cleanups.push(async () => void (disposed || (await app.dispose())))
    expect(lock.calls).toEqual(['/lock'])

    const { token } = await call<{ token: string }>(app, 'setupPin', { pin: PIN })
    await call(app, 'openDoor', { token })
    expect(lock.calls).toEqual(['/lock', '/open'])
    const state = JSON.parse(await readFile(join(dir, 'door-state.json'), 'utf8'))
    expect(state.openUntil).toBeGreaterThan(Date.now())
    expect((await stat(join(dir, 'door-state.json'))).mode & 0o077).toBe(0)

    // Polled with a generous deadline (a loaded CI machine delays timers) until the relock is done:
    // the lock has been called and the door shows locked (open-until is cleared in between).
    await until(() => lock.calls.length >= 3 && app.status.get().door.state === 'locked', 15_000)
    expect(lock.calls).toEqual(['/lock', '/open', '/lock'])
    // The relock timer starts once the lock has answered /open: 600 ms later at the earliest.
    expect(lock.at[2]! - lock.at[1]!).toBeGreaterThanOrEqual(590)
    expect(JSON.parse(await readFile(join(dir, 'door-state.json'), 'utf8')).openUntil).toBeNull()

    await call(app, 'openDoor', { token })
    await app.dispose()
    disposed = true
    // Shut down while open: locked before the process goes.
    expect(lock.calls).toEqual(['/lock', '/open', '/lock', '/open', '/lock'])
    expect(JSON.parse(await readFile(join(dir, 'door-state.json'), 'utf8')).openUntil).toBeNull()
  })

  it('a kiosk that died while the door was open relocks it as soon as it starts again', async () => {
    const { dir, lock } = await kioskWithLock()
    // What a crash leaves: open until a time still to come.
    await writeFile(join(dir, 'door-state.json'), JSON.stringify({ openUntil: Date.now() + 60_000 }), { mode: 0o600 })
    const app = await createMainApp({ transport: 'websocket', dataDir: dir })
    cleanups.push(() => app.dispose())
    expect(lock.calls).toEqual(['/lock'])
    expect(app.status.get().door.state).toBe('locked')
    expect(JSON.parse(await readFile(join(dir, 'door-state.json'), 'utf8')).openUntil).toBeNull()
  })

  it('a lock that fails at start-up shows the door as failed, never as locked', async () => {
    const { dir, lock } = await kioskWithLock()
    lock.server.close()
    await new Promise((r) => setTimeout(r, 50))
    const app = await createMainApp({ transport: 'websocket', dataDir: dir })
    cleanups.push(() => app.dispose())
    expect(app.status.get().door.state).toBe('failed')
  })
})
