import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserHost } from '../../../src/main/host/server'
import { decodeMessage, encodeMessage, MAX_WIRE_BYTES } from '../../../src/shared/ipc/wire'
import { expectDbUnchanged } from '../../support/db-fingerprint'
import { startKiosk, type RunningKiosk } from '../../support/hostile-app'
import { connectApi } from '../../support/ws-api'

/** The real browser host's WebSocket door, attacked with missing, wrong and replayed sessions, foreign origins and host names, and broken frames. */

let kiosk: RunningKiosk
beforeAll(async () => {
  kiosk = await startKiosk('hh-hostile-ws-')
})
afterAll(async () => {
  await kiosk?.stop()
})

const wsUrl = (origin: string, query: string, path = '/ws'): string => `${origin.replace(/^http/, 'ws')}${path}${query}`

/** Opens a socket and reports whether the upgrade succeeded or with which HTTP status it was refused. */
function handshake(url: string, options: WebSocket.ClientOptions = {}): Promise<{ status: number; ws: WebSocket | null }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options)
    ws.once('open', () => resolve({ status: 101, ws }))
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, ws: null })
      ws.terminate()
    })
    ws.once('error', (e) => {
      if (!/Unexpected server response/.test(e.message)) reject(e)
    })
  })
}

/** Sends raw bytes on an open socket and waits for the first answer or the close. */
function exchange(ws: WebSocket, data: Uint8Array | string, binary = true): Promise<{ answer?: { t: string; id: number; result: { ok: boolean; code?: string; message?: string } }; closed?: number }> {
  return new Promise((resolve) => {
    const onMessage = (raw: Buffer): void => {
      cleanup()
      resolve({ answer: decodeMessage(new Uint8Array(raw)) as never })
    }
    const onClose = (code: number): void => {
      cleanup()
      resolve({ closed: code })
    }
    const cleanup = (): void => {
      ws.off('message', onMessage)
      ws.off('close', onClose)
    }
    ws.on('message', onMessage)
    ws.on('close', onClose)
    ws.send(data, { binary })
  })
}

describe('WebSocket handshake', () => {
  const ws = (): string => wsUrl(kiosk.origin, '')
  const cookie = (): string => kiosk.host.sessionCookie
  const name = (): string => cookie().split('=')[0]!
  const value = (): string => cookie().slice(name().length + 1)
  const cases: [string, () => WebSocket.ClientOptions, number][] = [
    ['no session cookie at all', () => ({ origin: kiosk.origin }), 401],
    ['an empty session cookie', () => ({ origin: kiosk.origin, headers: { Cookie: `${name()}=` } }), 401],
    ['a wrong session of the right length', () => ({ origin: kiosk.origin, headers: { Cookie: `${name()}=${'A'.repeat(value().length)}` } }), 401],
    ['the session with one character changed', () => ({ origin: kiosk.origin, headers: { Cookie: `${name()}=${value().slice(0, -1)}${value().endsWith('A') ? 'B' : 'A'}` } }), 401],
    ['the session cut short', () => ({ origin: kiosk.origin, headers: { Cookie: `${name()}=${value().slice(0, 16)}` } }), 401],
    ['the session under another port\'s cookie name', () => ({ origin: kiosk.origin, headers: { Cookie: `hh_session_1=${value()}` } }), 401],
    ['the session in an Authorization header instead', () => ({ origin: kiosk.origin, headers: { Authorization: `Bearer ${value()}` } }), 401],
    ['the session in the query string (the old way)', () => ({ origin: kiosk.origin }), 401],
    ['the right session from a foreign page', () => ({ origin: 'https://evil.example', headers: { Cookie: cookie() } }), 403],
    ['the right session from another local port', () => ({ origin: 'http://127.0.0.1:1', headers: { Cookie: cookie() } }), 403],
    ['the right session without any Origin (not a browser page)', () => ({ headers: { Cookie: cookie() } }), 403],
    ['the right session through another host name (DNS rebinding)', () => ({ origin: kiosk.origin, headers: { Cookie: cookie(), Host: `rebind.example:${kiosk.host.port}` } }), 421]
  ]
  for (const [what, options, status] of cases) {
    it(`is refused with ${what} (${status})`, async () => {
      const url = what.includes('query string') ? `${ws()}?token=${value()}` : ws()
      expect((await handshake(url, options())).status).toBe(status)
    })
  }

  it('is refused on another path even with the session (404)', async () => {
    expect((await handshake(wsUrl(kiosk.origin, '', '/api'), { origin: kiosk.origin, headers: { Cookie: cookie() } })).status).toBe(404)
  })

  it('HTTP requests naming another host are refused too (DNS rebinding), and a launch code works once', async () => {
    const { request } = await import('node:http')
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: kiosk.host.port, path: '/', headers: { Host: `attacker.example:${kiosk.host.port}` } }, (res) => resolve(res.statusCode ?? 0)).end()
    })
    expect(status).toBe(421)
    const url = kiosk.host.launchUrl()
    const first = await fetch(url, { redirect: 'manual' })
    expect(first.status).toBe(303)
    expect(first.headers.getSetCookie().join(';')).toMatch(/HttpOnly/)
    expect(first.headers.getSetCookie().join(';')).toMatch(/SameSite=Strict/)
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(403)
    expect((await fetch(`${kiosk.origin}/launch?code=guess`, { redirect: 'manual' })).status).toBe(403)
  })

  it('caps the number of open connections', async () => {
    const opened: WebSocket[] = []
    try {
      let refused = 0
      for (let i = 0; i < 12; i++) {
        const r = await handshake(ws(), { origin: kiosk.origin, headers: { Cookie: cookie() } })
        if (r.ws) opened.push(r.ws)
        else if (r.status === 503) refused++
      }
      expect(opened.length).toBeLessThanOrEqual(8)
      expect(refused).toBeGreaterThan(0)
    } finally {
      for (const w of opened) w.terminate()
      await new Promise((r) => setTimeout(r, 200))
    }
  })

  it('refuses a session replayed from a previous launch of the host', async () => {
    const first = await startBrowserHost(kiosk.app, kiosk.dataDir, 0)
    const oldValue = first.sessionCookie.split('=').slice(1).join('=')
    await first.close()
    const second = await startBrowserHost(kiosk.app, kiosk.dataDir, 0)
    try {
      const origin = second.origin
      const name2 = second.sessionCookie.split('=')[0]
      expect((await handshake(wsUrl(origin, ''), { origin, headers: { Cookie: `${name2}=${oldValue}` } })).status).toBe(401)
      const ok = await handshake(wsUrl(origin, ''), { origin, headers: { Cookie: second.sessionCookie } })
      expect(ok.status).toBe(101)
      ok.ws?.close()
    } finally {
      await second.close()
    }
  })
})

describe('an administrator session token replayed after the session was locked', () => {
  it('opens nothing', async () => {
    const { api, dataDir } = kiosk
    const session = await api.ok('unlockAdmin', { pin: '246813' })
    expect((await api.ok('listResidents', { token: session.token })).length).toBe(0)
    await api.ok('lockAdmin', { token: session.token })
    await expectDbUnchanged(dataDir, async () => {
      for (const verb of ['listResidents', 'getSettings', 'exportLogCsv', 'openDoor'] as const) {
        expect(await api.call(verb, { token: session.token }), verb).toMatchObject({ ok: false, code: 'FORBIDDEN' })
      }
    })
  })
})

describe('broken frames on an open socket', () => {
  const header = (json: string): Uint8Array => {
    const body = Buffer.from(json)
    const out = Buffer.alloc(4 + body.length)
    out.writeUInt32LE(body.length, 0)
    body.copy(out, 4)
    return new Uint8Array(out)
  }
  const FRAMES: [string, () => Uint8Array][] = [
    ['a frame shorter than its length prefix', () => new Uint8Array([1, 2])],
    ['a header longer than the frame', () => new Uint8Array([255, 255, 0, 0, 123])],
    ['a header that is not JSON', () => header('{"t":"req",')],
    ['a request without a verb', () => header('{"t":"req","id":1}')],
    ['a response instead of a request', () => header('{"t":"res","id":1,"result":{}}')],
    ['a request whose id is text', () => header('{"t":"req","id":"1","verb":"ping","payload":{}}')],
    ['an attachment index out of range', () => header('{"t":"req","id":1,"verb":"recognizeFrame","payload":{"frame":{"$bin":7},"capturedAt":1}}')],
    [
      'a truncated attachment',
      () => {
        const h = Buffer.from(header('{"t":"req","id":1,"verb":"recognizeFrame","payload":{"frame":{"$bin":0},"capturedAt":1}}'))
        const len = Buffer.alloc(4)
        len.writeUInt32LE(1_000, 0)
        return new Uint8Array(Buffer.concat([h, len, Buffer.alloc(10)]))
      }
    ],
    ['a JSON bomb of nested arrays', () => header(`{"t":"req","id":1,"verb":"ping","payload":${'['.repeat(5_000)}${']'.repeat(5_000)}}`)]
  ]

  for (const [what, frame] of FRAMES) {
    it(`${what} → a typed INVALID_PAYLOAD answer, and the socket keeps working`, async () => {
      const { ws } = await handshake(wsUrl(kiosk.origin, ''), { origin: kiosk.origin, headers: { Cookie: kiosk.host.sessionCookie } })
      try {
        await expectDbUnchanged(kiosk.dataDir, async () => {
          const { answer } = await exchange(ws!, frame())
          expect(answer?.t).toBe('res')
          expect(answer?.result).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' })
        }, what)
        const { answer } = await exchange(ws!, encodeMessage({ t: 'req', id: 2, verb: 'ping', payload: {} }))
        expect(answer?.result.ok).toBe(true)
      } finally {
        ws?.close()
      }
    })
  }

  it('a text frame closes the socket (binary frames only, 1003)', async () => {
    const { ws } = await handshake(wsUrl(kiosk.origin, ''), { origin: kiosk.origin, headers: { Cookie: kiosk.host.sessionCookie } })
    expect((await exchange(ws!, '{"t":"req","id":1,"verb":"ping","payload":{}}', false)).closed).toBe(1003)
  })

  it('a message over the wire limit closes the socket (1009) without reaching the app', async () => {
    const { ws } = await handshake(wsUrl(kiosk.origin, ''), { origin: kiosk.origin, headers: { Cookie: kiosk.host.sessionCookie } })
    // Only the frame header is sent: it announces MAX_WIRE_BYTES + 1 bytes, which the server must
    // refuse from the header alone, without waiting for (or buffering) the body.
    const frameHeader = Buffer.alloc(14)
    frameHeader[0] = 0x82 // FIN, binary
    frameHeader[1] = 0x80 | 127 // masked, 64-bit length follows
    frameHeader.writeBigUInt64BE(BigInt(MAX_WIRE_BYTES + 1), 2)
    const closed = new Promise<number>((resolve) => ws!.once('close', (code) => resolve(code)))
    await expectDbUnchanged(kiosk.dataDir, async () => {
      ;(ws as unknown as { _socket: import('node:net').Socket })._socket.write(frameHeader)
      expect(await closed).toBe(1009)
    })
    // The kiosk itself is unaffected.
    const api = await connectApi(kiosk.origin, kiosk.host.launchUrl())
    expect((await api.ok('ping', {})).pong).toBe(true)
    api.close()
  })
})
