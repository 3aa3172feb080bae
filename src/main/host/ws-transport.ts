import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { decodeMessage, encodeMessage, MAX_WIRE_BYTES, WireError, type ServerMessage } from '../../shared/ipc/wire'
import type { EventHub } from '../ipc/event-hub'
import type { CallContext, IpcRegistry } from '../ipc/registry'

export const WS_PATH = '/ws'

export function tokensEqual(expected: string, given: string | null): boolean {
  if (given === null) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

/** Open WebSockets at once (the kiosk page uses one; a reload briefly two). */
export const MAX_CONNECTIONS = 8
/** Bytes waiting to be sent to one socket before it counts as a stalled reader and is dropped. */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024

export interface WebSocketAccess {
  /** Does the request carry this launch's session (the HttpOnly cookie)? */
  authorised(req: IncomingMessage): boolean
  /** The exact Origin a page of this host sends. */
  allowedOrigin(): string
  /** The exact Host header (`127.0.0.1:<port>`): another name resolving to loopback is refused (DNS rebinding). */
  allowedHost(): string
}

/**
 * The browser host's transport: the same registry and events as Electron's IPC, over a WebSocket that
 * only this host's own launched page may open.
 */
export class WebSocketTransport {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WIRE_BYTES })
  private readonly unsubscribe: () => void

  constructor(
    private readonly registry: IpcRegistry,
    private readonly hub: EventHub,
    private readonly access: WebSocketAccess
  ) {
    this.unsubscribe = hub.subscribe((event, payload) => this.broadcast({ t: 'event', event, payload }))
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (req.headers.host !== this.access.allowedHost()) return reject(socket, 421, 'Misdirected Request')
    if (url.pathname !== WS_PATH) return reject(socket, 404, 'Not Found')
    // Exactly this origin: no Origin header (a non-browser client) or another page is refused.
    if (req.headers.origin !== this.access.allowedOrigin()) return reject(socket, 403, 'Forbidden')
    if (!this.access.authorised(req)) return reject(socket, 401, 'Unauthorized')
    if (this.wss.clients.size >= MAX_CONNECTIONS) return reject(socket, 503, 'Service Unavailable')
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws))
  }

  private attach(ws: WebSocket): void {
    const context: CallContext = { transport: 'websocket', trustedSender: true, sender: 'browser-host page' }
    // A protocol violation (oversized or malformed frame) is reported on the socket, which ws then
    // closes (1009, 1002...). Without a listener the 'error' event would crash the whole host.
    ws.on('error', (e) => console.warn(`[host] WebSocket closed after a protocol error: ${e.message}`))
    ws.on('message', async (data, isBinary) => {
      if (!isBinary) return ws.close(1003, 'binary frames only')
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
      let id = -1
      try {
        const message = decodeMessage(bytes) as { t?: unknown; id?: unknown; verb?: unknown; payload?: unknown }
        if (message?.t !== 'req' || typeof message.id !== 'number' || typeof message.verb !== 'string') {
          throw new WireError('not a request')
        }
        id = message.id
        const result = await this.registry.dispatch(message.verb, message.payload, context)
        this.send(ws, { t: 'res', id, result })
      } catch (e) {
        const message = e instanceof WireError ? `Malformed message: ${e.message}` : 'Internal error'
        this.send(ws, { t: 'res', id, result: { ok: false, code: 'INVALID_PAYLOAD', message } })
      }
    })
    // The page learns main's status from events only: a new (or re-opened) connection starts from the current one.
    const status = this.hub.last('status')
    if (status) this.send(ws, { t: 'event', event: 'status', payload: status })
  }

  private send(ws: WebSocket, message: ServerMessage): void {
    this.sendBytes(ws, encodeMessage(message))
  }

  /** A client that does not read (its buffer keeps growing) is dropped, not allowed to fill memory. */
  private sendBytes(ws: WebSocket, bytes: Uint8Array): void {
    if (ws.readyState !== ws.OPEN) return
    if (ws.bufferedAmount + bytes.length > MAX_BUFFERED_BYTES) {
      console.warn('[host] a WebSocket client stopped reading: disconnected')
      ws.terminate()
      return
    }
    ws.send(bytes)
  }

  private broadcast(message: ServerMessage): void {
    const bytes = encodeMessage(message)
    for (const ws of this.wss.clients) this.sendBytes(ws, bytes)
  }

  close(): void {
    this.unsubscribe()
    for (const ws of this.wss.clients) ws.terminate()
    this.wss.close()
  }
}
