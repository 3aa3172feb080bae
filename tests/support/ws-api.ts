import WebSocket from 'ws'
import type { Result } from '../../src/shared/errors'
import type { EventName, EventPayload, RequestOf, ResponseOf, Verb } from '../../src/shared/ipc/contract'
import { decodeMessage, encodeMessage } from '../../src/shared/ipc/wire'

type Received = { event: string; payload: unknown }

/** A Node client of the browser host's WebSocket API: what the renderer does, without a browser. */
export interface ApiClient {
  call<V extends Verb>(verb: V, request: RequestOf<V>): Promise<Result<ResponseOf<V>>>
  /** Like call, but fails the test on an error result. */
  ok<V extends Verb>(verb: V, request: RequestOf<V>): Promise<ResponseOf<V>>
  events: Received[]
  /** Resolves with the first matching event at index >= since (default: any event received so far or later). */
  waitForEvent<E extends EventName>(event: E, predicate: (p: EventPayload<E>) => boolean, opts?: { since?: number; timeoutMs?: number }): Promise<EventPayload<E>>
  close(): void
}

/**
 * What the kiosk's browser does: opens a one-time launch address (no redirect followed) and keeps
 * the session cookie it sets. Returns the `Cookie` header value.
 */
export async function launchSession(launchUrl: string): Promise<string> {
  const res = await fetch(launchUrl, { redirect: 'manual' })
  if (res.status !== 303) throw new Error(`launch refused: HTTP ${res.status}`)
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ')
}

/** Connects like the kiosk page: launch address → session cookie → WebSocket from the host's origin. */
export async function connectApi(origin: string, launchUrl: string): Promise<ApiClient> {
  const cookie = await launchSession(launchUrl)
  const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/ws`, { origin, headers: { Cookie: cookie } })
  let nextId = 1
  const pending = new Map<number, (r: unknown) => void>()
  const events: Received[] = []
  const waiters = new Set<() => void>()
  ws.on('message', (data: Buffer) => {
    const m = decodeMessage(new Uint8Array(data)) as { t: string; id?: number; result?: unknown; event?: string; payload?: unknown }
    if (m.t === 'res' && m.id !== undefined) {
      pending.get(m.id)?.(m.result)
      pending.delete(m.id)
    } else if (m.t === 'event') {
      events.push({ event: m.event!, payload: m.payload })
      for (const w of waiters) w()
    }
  })
  // Listening before 'open': the host greets with a status event that can arrive in the same TCP
  // read as the upgrade response, and ws then emits it before an awaiting caller resumes.
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  const call = <V extends Verb>(verb: V, request: RequestOf<V>): Promise<Result<ResponseOf<V>>> =>
    new Promise((resolve) => {
      const id = nextId++
      pending.set(id, resolve as (r: unknown) => void)
      ws.send(encodeMessage({ t: 'req', id, verb, payload: request }))
    })
  return {
    call,
    async ok(verb, request) {
      const r = await call(verb, request)
      if (!r.ok) throw new Error(`${verb} failed: ${r.code} ${r.message}`)
      return r.value
    },
    events,
    waitForEvent(event, predicate, { since = 0, timeoutMs = 20_000 } = {}) {
      return new Promise((resolve, reject) => {
        let seen = since
        const check = (): void => {
          for (; seen < events.length; seen++) {
            const e = events[seen]!
            if (e.event === event && predicate(e.payload as never)) {
              waiters.delete(check)
              clearTimeout(timer)
              resolve(e.payload as never)
              return
            }
          }
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`no "${event}" event matched within ${timeoutMs} ms`))
        }, timeoutMs)
        waiters.add(check)
        check()
      })
    },
    close: () => ws.close()
  }
}
