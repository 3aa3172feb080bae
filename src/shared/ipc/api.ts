import type { ConnectionLoss } from '../error-details'
import type { Result } from '../errors'
import type { EventName, EventPayload, RequestOf, ResponseOf, Verb } from './contract'

/** What the renderer sees: one async function per verb, each resolving to a typed Result, plus events. */
export type VerbApi = { [V in Verb]: (request: RequestOf<V>) => Promise<Result<ResponseOf<V>>> }

export interface EventApi {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

/**
 * Whether main can be reached at all: the WebSocket opening or closing (Electron's IPC never drops while
 * the page lives). Main greets every new connection with its current status event. A drop comes with
 * its reason as a code, worded by the UI.
 */
export interface ConnectionApi {
  onConnection(listener: (connected: boolean, loss?: ConnectionLoss) => void): () => void
}

export type HappyHouseApi = VerbApi & EventApi & ConnectionApi & { readonly transport: 'electron' | 'websocket' }

/**
 * What the preload exposes: one named function per verb (each bound to its own channel) and `on`
 * for events. Payloads are untyped here because they are validated in main, not trusted from the page.
 */
export type PreloadBridge = { [V in Verb]: (request: unknown) => Promise<unknown> } & {
  on(event: EventName, listener: (payload: unknown) => void): () => void
}
