import type { ConnectionLoss } from '../../../shared/error-details'
import { decodeMessage, encodeMessage } from '../../../shared/ipc/wire'
import { disconnected } from './disconnected'

type Pending = { resolve: (value: unknown) => void }
type Listener = (payload: unknown) => void

const RECONNECT_MIN_MS = 250
const RECONNECT_MAX_MS = 5_000

/**
 * The renderer's end of the browser host transport: request/response by id, pushed events, and
 * reconnection with backoff. Every call resolves (never rejects) so callers handle one Result type.
 */
export class WebSocketClient {
  private socket: WebSocket | null = null
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly listeners = new Map<string, Set<Listener>>()
  private readonly connectionListeners = new Set<(connected: boolean, loss?: ConnectionLoss) => void>()
  private opened: Promise<void> | null = null
  private retryMs = RECONNECT_MIN_MS

  constructor(private readonly url: string) {}

  private connect(): Promise<void> {
    if (this.opened) return this.opened
    this.opened = new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(this.url)
      socket.binaryType = 'arraybuffer'
      // A socket that closes before it opened never reached main; one that had opened lost it.
      let opened = false
      socket.onopen = () => {
        opened = true
        this.retryMs = RECONNECT_MIN_MS
        for (const l of this.connectionListeners) l(true)
        resolve()
      }
      socket.onmessage = (e) => this.receive(e.data)
      // Every error is followed by close, handled there; without a handler Node's ws throws it instead.
      socket.onerror = () => undefined
      socket.onclose = () => {
        this.socket = null
        this.opened = null
        const loss: ConnectionLoss = opened ? 'lost' : 'unreachable'
        for (const [, p] of this.pending) p.resolve(disconnected(loss))
        this.pending.clear()
        for (const l of this.connectionListeners) l(false, loss)
        reject(new Error('closed'))
        // Keep event subscriptions alive across restarts of the host.
        if (this.listeners.size > 0) this.scheduleReconnect()
      }
      this.socket = socket
    })
    return this.opened
  }

  private scheduleReconnect(): void {
    const delay = this.retryMs
    this.retryMs = Math.min(this.retryMs * 2, RECONNECT_MAX_MS)
    // Only while someone still listens: a stopped page must not dial main forever.
    setTimeout(() => {
      if (this.listeners.size > 0) void this.connect().catch(() => undefined)
    }, delay)
  }

  private receive(data: unknown): void {
    if (!(data instanceof ArrayBuffer)) return
    let message: { t?: string; id?: number; result?: unknown; event?: string; payload?: unknown }
    try {
      message = decodeMessage(new Uint8Array(data)) as typeof message
    } catch {
      return
    }
    if (message.t === 'res' && typeof message.id === 'number') {
      this.pending.get(message.id)?.resolve(message.result)
      this.pending.delete(message.id)
    } else if (message.t === 'event' && typeof message.event === 'string') {
      for (const l of this.listeners.get(message.event) ?? []) l(message.payload)
    }
  }

  async invoke(verb: string, payload: unknown): Promise<unknown> {
    try {
      await this.connect()
    } catch {
      return disconnected('unreachable')
    }
    const socket = this.socket
    if (!socket) return disconnected('unreachable')
    const id = this.nextId++
    return new Promise((resolve) => {
      this.pending.set(id, { resolve })
      socket.send(encodeMessage({ t: 'req', id, verb, payload }))
    })
  }

  /** Told when the socket opens or closes (main's status arrives as an event right after it opens). */
  onConnection(listener: (connected: boolean, loss?: ConnectionLoss) => void): () => void {
    this.connectionListeners.add(listener)
    return () => this.connectionListeners.delete(listener)
  }

  on(event: string, listener: Listener): () => void {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    set.add(listener)
    void this.connect().catch(() => this.scheduleReconnect())
    return () => {
      set.delete(listener)
      if (set.size === 0 && this.listeners.get(event) === set) this.listeners.delete(event)
    }
  }
}
