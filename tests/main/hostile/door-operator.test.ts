import { createServer, type Server } from 'node:http'
import { chmod, readFile, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createMainApp, type MainApp } from '../../../src/main/app'
import type { CallContext } from '../../../src/main/ipc/registry'
import { openEncryptedStore } from '../../../src/main/security'
import { writeOperatorFile } from '../../support/door-operator'
import { tempDataDir } from '../../support/store-fixtures'

/**
 * Issue 13 items 3 and 4: the settings screen (an administrator, or whoever stole the session)
 * cannot make the kiosk run a program of its choosing, read a program's output, or send webhooks
 * to the kiosk's own services and the LAN: programs and destinations are the operator's, in a file
 * the app refuses when others may write it.
 */

const CTX: CallContext = { transport: 'websocket', trustedSender: true, sender: 'door operator test' }
const PIN = '246813'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function kiosk(prepare?: (dir: string) => Promise<void>): Promise<{ app: MainApp; dir: string; token: string }> {
  const { dir, cleanup } = await tempDataDir('hh-door-operator-')
  cleanups.push(cleanup)
  await prepare?.(dir)
  const app = await createMainApp({ transport: 'websocket', dataDir: dir })
  cleanups.push(() => app.dispose())
  const r = await app.registry.dispatch('setupPin', { pin: PIN }, CTX)
  if (!r.ok) throw new Error(r.message)
  return { app, dir, token: (r.value as { token: string }).token }
}

const dispatch = (app: MainApp, verb: string, payload: unknown) => app.registry.dispatch(verb, payload, CTX)

async function script(dir: string, name: string, body: string): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 })
  return path
}

describe('command driver: programs are the operator’s', () => {
  it('a program and arguments from the settings screen are refused; only declared names are accepted', async () => {
    const { app, dir, token } = await kiosk()
    const marker = join(dir, 'ran')
    for (const door of [
      { kind: 'command', command: '/bin/sh', args: ['-c', `touch ${marker}`] },
      { kind: 'command', name: '../../bin/sh' },
      { kind: 'command', name: 'relay', command: '/bin/sh' }
    ]) {
      expect(await dispatch(app, 'updateSettings', { token, patch: { door } }), JSON.stringify(door)).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' })
    }
    // A valid name the operator did not declare.
    const undeclared = await dispatch(app, 'updateSettings', { token, patch: { door: { kind: 'command', name: 'relay' } } })
    expect(undeclared).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD', message: expect.stringContaining('no door program named "relay"') })
    expect((await dispatch(app, 'getSettings', { token })) as { value: { door: { kind: string } } }).toMatchObject({ value: { door: { kind: 'simulated' } } })
    await expect(readFile(marker)).rejects.toThrow()
  })

  it('runs the declared program by name; its stderr and output never reach an API reply or the log', async () => {
    const { app, dir, token } = await kiosk()
    const marker = join(dir, 'opened')
    const relay = await script(dir, 'relay.sh', `echo "$1" >> '${marker}'\necho "SECRET-STDERR-LINE" >&2\n[ "$1" = on ] && exit 3\nexit 0`)
    await writeOperatorFile(dir, { commands: { relay: { open: { program: relay, args: ['on'] }, lock: { program: relay, args: ['off'] } } } })
    const options = await dispatch(app, 'getDoorOptions', { token })
    expect(options).toMatchObject({ ok: true, value: { commands: [{ name: 'relay', lock: true, test: false }], problem: null } })
    expect(JSON.stringify(options)).not.toContain(relay) // names only, never the program

    await expect(dispatch(app, 'updateSettings', { token, patch: { door: { kind: 'command', name: 'relay' } } })).resolves.toMatchObject({ ok: true })
    const opened = await dispatch(app, 'openDoor', { token })
    expect(opened).toMatchObject({ ok: true, value: { ok: false, message: expect.stringContaining('the door program failed') } })
    expect(await readFile(marker, 'utf8')).toContain('on')
    const log = await dispatch(app, 'exportLogCsv', { token })
    const status = app.status.get()
    for (const reply of [opened, log, status]) expect(JSON.stringify(reply)).not.toContain('SECRET-STDERR')
  })

  it('an operator file that group or others may write, or a symbolic link, is refused as a whole', async () => {
    const { app, dir, token } = await kiosk()
    const relay = await script(dir, 'relay.sh', 'exit 0')
    const path = await writeOperatorFile(dir, { commands: { relay: { open: { program: relay } } } }, 0o664)
    await chmod(path, 0o664)
    const loose = await dispatch(app, 'getDoorOptions', { token })
    expect(loose).toMatchObject({ ok: true, value: { commands: [], problem: expect.stringContaining('group or others') } })
    expect(await dispatch(app, 'updateSettings', { token, patch: { door: { kind: 'command', name: 'relay' } } })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' })

    const elsewhere = join(dir, 'elsewhere.json')
    await writeFile(elsewhere, JSON.stringify({ commands: { relay: { open: { program: relay } } } }), { mode: 0o600 })
    const { rm } = await import('node:fs/promises')
    await rm(path)
    await symlink(elsewhere, path)
    expect(await dispatch(app, 'getDoorOptions', { token })).toMatchObject({ ok: true, value: { commands: [], problem: expect.stringContaining('symbolic link') } })
    // Relative programs (a PATH lookup) are refused too.
    await rm(path)
    await writeOperatorFile(dir, { commands: { relay: { open: { program: 'relay.sh' } } } })
    expect(await dispatch(app, 'getDoorOptions', { token })).toMatchObject({ ok: true, value: { problem: expect.stringContaining('absolute path') } })
  })

  it('a command stored by an older version (program and arguments in the settings) is not run: the kiosk starts and says why', async () => {
    const { app } = await kiosk(async (dir) => {
      const store = await openEncryptedStore(dir, { activeModelId: 'm' })
      // What an old database holds, written past today's schema.
      const path = join(dir, 'happy-house.json')
      await store.close()
      const db = JSON.parse(await readFile(path, 'utf8'))
      db.settings.door = { kind: 'command', command: '/bin/sh', args: ['-c', `touch ${join(dir, 'pwned')}`], timeoutMs: 1000 }
      await writeFile(path, JSON.stringify(db))
    })
    expect(app.status.get().door.state).toBe('failed')
    expect(app.status.get().door.message).toContain('no door program chosen')
  })
})

describe('webhook destinations are the operator’s', () => {
  let hits: string[] = []
  async function server(): Promise<{ server: Server; origin: string }> {
    hits = []
    const s = createServer((req, res) => {
      hits.push(req.url ?? '')
      if (req.url === '/door/redirect') res.writeHead(302, { Location: '/private/steal' }).end()
      else res.writeHead(200).end('{}')
    })
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
    cleanups.push(async () => void s.close())
    return { server: s, origin: `http://127.0.0.1:${(s.address() as { port: number }).port}` }
  }
  const webhook = (url: string) => ({ door: { kind: 'webhook', url, method: 'POST', headers: {}, timeoutMs: 1000, retries: 0 } })

  it('without an operator list, loopback, link-local and private addresses are refused before any request', async () => {
    const { origin } = await server()
    const { app, token } = await kiosk()
    for (const url of [`${origin}/door/open`, 'http://localhost:1/', 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'http://192.168.1.1/', 'http://[::1]:8080/', 'http://0.0.0.0/']) {
      const r = await dispatch(app, 'updateSettings', { token, patch: webhook(url) })
      expect(r, url).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD', message: expect.stringContaining('refused unless the operator lists them') })
    }
    expect(hits).toEqual([])
  })

  it('with an operator list, only URLs under a listed prefix; a redirect is not followed', async () => {
    const { origin } = await server()
    const port = Number(new URL(origin).port)
    const { app, dir, token } = await kiosk()
    await writeOperatorFile(dir, { webhookUrlPrefixes: [`${origin}/door/`] })
    for (const url of [`${origin}/private/x`, `${origin}/doorway`, `http://127.0.0.1:${port}0/door/open`, `http://127.0.0.1.evil.example:${port}/door/`]) {
      expect(await dispatch(app, 'updateSettings', { token, patch: webhook(url) }), url).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' })
    }
    expect(await dispatch(app, 'updateSettings', { token, patch: webhook(`${origin}/door/open`) })).toMatchObject({ ok: true })
    expect(await dispatch(app, 'openDoor', { token })).toMatchObject({ ok: true, value: { ok: true } })
    expect(await dispatch(app, 'updateSettings', { token, patch: webhook(`${origin}/door/redirect`) })).toMatchObject({ ok: true })
    expect(await dispatch(app, 'openDoor', { token })).toMatchObject({ ok: true, value: { ok: false } })
    expect(hits).not.toContain('/private/steal')
    expect(hits).toContain('/door/open')
  })
})

describe('webhook headers are secrets', () => {
  it('stored sealed with the biometric key, never returned by the API, and still sent to the lock', async () => {
    const seen: (string | undefined)[] = []
    const s = createServer((req, res) => {
      seen.push(req.headers.authorization)
      res.writeHead(200).end('{}')
    })
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
    cleanups.push(async () => void s.close())
    const origin = `http://127.0.0.1:${(s.address() as { port: number }).port}`
    const { app, dir, token } = await kiosk()
    await writeOperatorFile(dir, { webhookUrlPrefixes: [`${origin}/`] })
    const SECRET = 'Bearer hunter2-long-lived-token'
    const door = { kind: 'webhook', url: `${origin}/open`, method: 'POST', headers: { Authorization: SECRET, 'X-Door': 'front' }, timeoutMs: 1000, retries: 0 }
    const saved = await dispatch(app, 'updateSettings', { token, patch: { door } })
    expect(saved).toMatchObject({ ok: true, value: { door: { headers: { Authorization: '••••••', 'X-Door': '••••••' } } } })
    const got = await dispatch(app, 'getSettings', { token })
    expect(JSON.stringify(got)).not.toContain('hunter2')
    const file = await readFile(join(dir, 'happy-house.json'), 'utf8')
    expect(file).not.toContain('hunter2')
    expect(file).toContain('hh-sealed:')

    await dispatch(app, 'openDoor', { token })
    expect(seen).toEqual([SECRET])
    // The screens send back what they were shown: the stored value is kept; a new value replaces it.
    await expect(dispatch(app, 'updateSettings', { token, patch: { door: { ...door, headers: { Authorization: '••••••' } } } })).resolves.toMatchObject({ ok: true })
    await dispatch(app, 'openDoor', { token })
    expect(seen.at(-1)).toBe(SECRET)
    expect(await dispatch(app, 'updateSettings', { token, patch: { door: { ...door, headers: { 'X-New': '••••••' } } } })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' })
    await dispatch(app, 'updateSettings', { token, patch: { door: { ...door, headers: { Authorization: 'Bearer rotated' } } } })
    await dispatch(app, 'openDoor', { token })
    expect(seen.at(-1)).toBe('Bearer rotated')
    // Audit and CSV name the change, never the value.
    const csv = await dispatch(app, 'exportLogCsv', { token })
    expect(JSON.stringify(csv)).not.toMatch(/hunter2|rotated/)
  })

  it('a header stored in plain by an older version is sealed at start', async () => {
    const { app, dir } = await kiosk(async (d) => {
      const store = await openEncryptedStore(d, { activeModelId: 'm' })
      await store.settings.update({ door: { kind: 'webhook', url: 'https://lock.example.net/open', method: 'POST', headers: { Authorization: 'Bearer plain-old-secret' }, timeoutMs: 1000, retries: 0 } })
      await store.close()
    })
    expect(app.status.get()).toBeDefined()
    expect(await readFile(join(dir, 'happy-house.json'), 'utf8')).not.toContain('plain-old-secret')
  })
})

describe('"Test the door" on a webhook (issue 14 item 7)', () => {
  it('calls the test address with GET and the stored headers, only where the operator allows it', async () => {
    const seen: { method?: string; url?: string; auth?: string }[] = []
    const s = createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization })
      res.writeHead(200).end('{"message":"API running."}')
    })
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
    cleanups.push(async () => void s.close())
    const origin = `http://127.0.0.1:${(s.address() as { port: number }).port}`
    const { app, dir, token } = await kiosk()
    await writeOperatorFile(dir, { webhookUrlPrefixes: [`${origin}/door/`] })
    const door = { kind: 'webhook', url: `${origin}/door/open`, method: 'POST', headers: { Authorization: 'Bearer test-secret' }, timeoutMs: 1000, retries: 0 }

    // Without a test address the test says how to get one, and calls nothing.
    await dispatch(app, 'updateSettings', { token, patch: { door } })
    expect(await dispatch(app, 'testDoor', { token })).toMatchObject({ ok: true, value: { ok: false, message: expect.stringContaining('no test address') } })
    expect(seen).toEqual([])

    // A test address outside the operator's list is refused like any other destination.
    const outside = await dispatch(app, 'updateSettings', { token, patch: { door: { ...door, testUrl: `${origin}/private/status` } } })
    expect(outside).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' })

    const saved = await dispatch(app, 'updateSettings', { token, patch: { door: { ...door, headers: { Authorization: '••••••' }, testUrl: `${origin}/door/status` } } })
    expect(saved).toMatchObject({ ok: true, value: { door: { testUrl: `${origin}/door/status` } } })
    expect(await dispatch(app, 'testDoor', { token })).toMatchObject({ ok: true, value: { ok: true } })
    // The test never opens the door: GET to the test address, with the sealed header still sent.
    expect(seen).toEqual([{ method: 'GET', url: '/door/status', auth: 'Bearer test-secret' }])
  })
})
