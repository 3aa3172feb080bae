import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebhookDriver, redactUrl } from '../../../../src/main/door/drivers/webhook'
import { webhookDriverSchema } from '../../../../src/main/door/config'
import type { DriverContext } from '../../../../src/main/door/types'

interface Received {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

type Handler = (req: Received, res: ServerResponse, index: number) => void

const servers: Server[] = []

/** A real HTTP server on 127.0.0.1 with an ephemeral port; records every request. */
async function startServer(handler: Handler): Promise<{ base: string; received: Received[] }> {
  const received: Received[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() }
      received.push(r)
      handler(r, res, received.length - 1)
    })
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { base: `http://127.0.0.1:${port}`, received }
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

const ctx: DriverContext = {
  requestId: 'req-1',
  trigger: { kind: 'access', residentId: 'kian "the" tall' },
  at: Date.UTC(2025, 0, 2, 3, 4, 5)
}

function driver(config: Record<string, unknown>): WebhookDriver {
  return new WebhookDriver(webhookDriverSchema.parse({ kind: 'webhook', retryBackoffMs: 10, ...config }))
}

describe('WebhookDriver against a real HTTP server', () => {
  it('POSTs the rendered body with headers and records the response', async () => {
    const { base, received } = await startServer((_r, res) => res.writeHead(200).end('{"state":"unlocked"}'))
    const outcome = await driver({
      open: {
        url: `${base}/api/services/lock/unlock`,
        headers: { Authorization: 'Bearer secret-token', 'Content-Type': 'application/json' },
        bodyTemplate: '{"entity_id":"lock.front","who":"{{residentId}}","at":"{{at}}","req":"{{requestId}}"}'
      }
    }).open(ctx)
    expect(outcome).toMatchObject({ ok: true, driver: 'webhook', attempts: 1, http: { status: 200, body: '{"state":"unlocked"}' } })
    expect(received).toHaveLength(1)
    expect(received[0].method).toBe('POST')
    expect(received[0].url).toBe('/api/services/lock/unlock')
    expect(received[0].headers.authorization).toBe('Bearer secret-token')
    // JSON content: the quote in the value is escaped, so the body stays valid JSON.
    expect(JSON.parse(received[0].body)).toEqual({
      entity_id: 'lock.front',
      who: 'kian "the" tall',
      at: '2025-01-02T03:04:05.000Z',
      req: 'req-1'
    })
    expect(JSON.stringify(outcome)).not.toContain('secret-token')
  })

  it('sends a GET without a body and truncates the recorded response', async () => {
    const { base, received } = await startServer((_r, res) => res.writeHead(204).end())
    const long = await startServer((_r, res) => res.writeHead(200).end('x'.repeat(1000)))
    const outcome = await driver({ open: { url: `${base}/relay/1/on`, method: 'GET' } }).open(ctx)
    expect(outcome.ok).toBe(true)
    expect(received[0].method).toBe('GET')
    expect(received[0].body).toBe('')
    const truncated = await driver({ open: { url: `${long.base}/`, method: 'GET' }, recordChars: 10 }).open(ctx)
    expect(truncated.http?.body).toBe('xxxxxxxxxx…')
  })

  it('fails on HTTP 500 after retrying, counting the attempts', async () => {
    const { base, received } = await startServer((_r, res) => res.writeHead(500).end('lock hub crashed'))
    const outcome = await driver({ open: { url: `${base}/unlock?token=abc` }, retries: 2 }).open(ctx)
    expect(outcome.ok).toBe(false)
    expect(outcome.code).toBe('http-status')
    expect(outcome.attempts).toBe(3)
    expect(received).toHaveLength(3)
    expect(outcome.http).toEqual({ status: 500, body: 'lock hub crashed' })
    expect(outcome.reason).toBe(`HTTP 500 from POST ${base}/unlock (3 attempt(s))`)
    expect(outcome.reason).not.toContain('token=abc')
  })

  it('succeeds when a retry succeeds', async () => {
    const { base, received } = await startServer((_r, res, i) => res.writeHead(i < 2 ? 503 : 200).end(i < 2 ? 'busy' : 'ok'))
    const outcome = await driver({ open: { url: `${base}/unlock` }, retries: 3 }).open(ctx)
    expect(outcome).toMatchObject({ ok: true, attempts: 3, http: { status: 200, body: 'ok' } })
    expect(received).toHaveLength(3)
  })

  it('does not retry a client error such as 401', async () => {
    const { base, received } = await startServer((_r, res) => res.writeHead(401).end('401: Unauthorized'))
    const outcome = await driver({ open: { url: `${base}/unlock` }, retries: 3 }).open(ctx)
    expect(outcome).toMatchObject({ ok: false, code: 'http-status', attempts: 1 })
    expect(received).toHaveLength(1)
  })

  it('times out on a slow response', async () => {
    const { base, received } = await startServer((_r, res) => {
      setTimeout(() => res.writeHead(200).end('too late'), 3000).unref()
    })
    const started = Date.now()
    const outcome = await driver({ open: { url: `${base}/unlock` }, timeoutMs: 200, retries: 1 }).open(ctx)
    const elapsed = Date.now() - started
    expect(outcome).toMatchObject({ ok: false, code: 'timeout', attempts: 2 })
    expect(outcome.reason).toMatch(/^no answer within 200 ms/)
    expect(received).toHaveLength(2)
    expect(elapsed).toBeLessThan(2000)
  })

  it('reports connection refused on a closed port', async () => {
    const { base } = await startServer((_r, res) => res.end())
    const server = servers.pop()!
    await new Promise((resolve) => server.close(resolve))
    const outcome = await driver({ open: { url: `${base}/unlock` }, retries: 1 }).open(ctx)
    expect(outcome).toMatchObject({ ok: false, code: 'connection-failed', attempts: 2 })
    expect(outcome.reason).toMatch(/^connection refused/)
  })

  it('closes and tests with their own requests, or says they are not configured', async () => {
    const { base, received } = await startServer((_r, res) => res.writeHead(200).end('API running.'))
    const bare = driver({ open: { url: `${base}/unlock` } })
    expect(await bare.close(ctx)).toMatchObject({ ok: true, attempts: 0 })
    expect(await bare.test()).toMatchObject({ ok: false, code: 'not-configured' })
    expect(received).toHaveLength(0)

    const full = driver({
      open: { url: `${base}/unlock` },
      close: { url: `${base}/lock` },
      test: { url: `${base}/api/`, method: 'GET' }
    })
    expect(await full.close(ctx)).toMatchObject({ ok: true, attempts: 1 })
    expect(await full.test()).toMatchObject({ ok: true, http: { status: 200, body: 'API running.' } })
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /lock', 'GET /api/'])
  })
})

describe('webhook settings', () => {
  it('publicOnly: refuses, at request time and without retrying, a name that resolves to loopback (DNS rebinding) or a private address in the URL', async () => {
    const { base, received } = await startServer((_r, res) => res.writeHead(200).end('ok'))
    const port = new URL(base).port
    for (const url of [`http://localhost:${port}/open`, `${base}/open`, `http://[::1]:${port}/open`]) {
      const outcome = await driver({ open: { url }, publicOnly: true }).open(ctx)
      expect(outcome, url).toMatchObject({ ok: false, code: 'connection-failed', attempts: 1 })
      expect(outcome.reason, url).toMatch(/loopback, link-local or private/)
    }
    expect(received).toHaveLength(0)
    // The same destination listed by the operator (publicOnly off) is reached.
    expect(await driver({ open: { url: `http://localhost:${port}/open` } }).open(ctx)).toMatchObject({ ok: true })
    expect(received).toHaveLength(1)
  })

  it('rejects a GET with a body, an unknown template variable and a non-http URL', () => {
    const base = { kind: 'webhook' }
    expect(webhookDriverSchema.safeParse({ ...base, open: { url: 'http://x/', method: 'GET', bodyTemplate: 'a' } }).success).toBe(false)
    const unknown = webhookDriverSchema.safeParse({ ...base, open: { url: 'http://x/', bodyTemplate: '{{name}}' } })
    expect(unknown.success).toBe(false)
    expect(unknown.error?.issues[0].message).toMatch(/Unknown template variable \{\{name\}\}/)
    expect(webhookDriverSchema.safeParse({ ...base, open: { url: 'file:///etc/passwd' } }).success).toBe(false)
    expect(webhookDriverSchema.safeParse({ ...base, open: { url: 'http://x/' } }).success).toBe(true)
  })

  it('redacts query strings and credentials from recorded URLs', () => {
    expect(redactUrl('https://user:pw@lock.local:8443/a/b?token=1#x')).toBe('https://lock.local:8443/a/b')
  })
})
