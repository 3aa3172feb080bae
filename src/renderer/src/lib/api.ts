import type { HappyHouseApi, PreloadBridge } from '../../../shared/ipc/api'
import { BRIDGE_KEY, VERB_NAMES } from '../../../shared/ipc/channels'
import type { Verb } from '../../../shared/ipc/contract'
import { disconnected } from './disconnected'
import { WebSocketClient } from './ws-client'

/**
 * Was this page opened through the browser host's one-time launch address? The session itself is
 * an HttpOnly cookie the page cannot read; the host also sets this harmless marker cookie.
 */
export function launchedFromCookies(cookies: string, port: string): boolean {
  return cookies.split(';').some((c) => c.trim() === `hh_launched_${port}=1`)
}

function bridgeFromPreload(): PreloadBridge | null {
  const candidate = (window as unknown as Record<string, unknown>)[BRIDGE_KEY]
  return candidate && typeof candidate === 'object' ? (candidate as PreloadBridge) : null
}

type Invoke = (verb: string, request: unknown) => Promise<unknown>
type Subscribe = (event: string, listener: (payload: unknown) => void) => () => void
type OnConnection = HappyHouseApi['onConnection']

const neverDrops: OnConnection = () => () => undefined

/** Responses were validated in main against the shared contract, hence the one cast here. */
function buildApi(invoke: Invoke, on: Subscribe, transport: HappyHouseApi['transport'], onConnection: OnConnection = neverDrops): HappyHouseApi {
  const verbs = Object.fromEntries(VERB_NAMES.map((v) => [v, (request: unknown) => invoke(v, request)]))
  return { ...verbs, on, onConnection, transport } as unknown as HappyHouseApi
}

const NO_TOKEN = disconnected('no-token')

/** One API for the whole renderer: the Electron preload bridge when present, else the browser host's WebSocket. */
export function createApi(): HappyHouseApi {
  const bridge = bridgeFromPreload()
  if (bridge) {
    return buildApi((verb, request) => bridge[verb as Verb](request), (e, l) => bridge.on(e as never, l), 'electron')
  }
  if (!launched()) return buildApi(() => Promise.resolve(NO_TOKEN), () => () => undefined, 'websocket')
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  // The session cookie goes with the handshake (same origin); nothing secret is in the URL.
  return websocketApi(`${scheme}://${window.location.host}/ws`)
}

/** The API over the browser host's WebSocket at `url` (the page's own, or a test's). */
export function websocketApi(url: string): HappyHouseApi {
  const client = new WebSocketClient(url)
  return buildApi((verb, request) => client.invoke(verb, request), (e, l) => client.on(e, l), 'websocket', (l) => client.onConnection(l))
}

function launched(): boolean {
  return launchedFromCookies(document.cookie, window.location.port)
}

let shared: HappyHouseApi | null = null

/**
 * The page's one API, created on first use (not at import) so state classes that default to it can be
 * imported, and unit-tested with another API, where there is no window.
 */
export function defaultApi(): HappyHouseApi {
  return (shared ??= createApi())
}

/** True when the page was opened without the browser host's launch address (and outside Electron): nothing can work. */
export function missingToken(): boolean {
  return !bridgeFromPreload() && !launched()
}
