import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { createMainApp, type MainApp } from '../../../src/main/app'
import { startBrowserHost, type BrowserHost } from '../../../src/main/host/server'
import { websocketApi } from '../../../src/renderer/src/lib/api'
import type { HappyHouseApi } from '../../../src/shared/ipc/api'
import { launchSession } from '../../support/ws-api'

export interface RendererHarness {
  app: MainApp
  host: BrowserHost
  /** The renderer's own API (lib/api.ts over its WebSocketClient), connected like the kiosk page. */
  api: HappyHouseApi
  dataDir: string
  /** Waits until the engine is ready (models load in the background). */
  engineReady(): Promise<void>
  dispose(): Promise<void>
}

import { until } from '../../support/until'

export { until }

/**
 * The real main app behind the real browser host, and the renderer's real WebSocket client: Node's
 * `ws` stands in for the browser's WebSocket, sending the session cookie and Origin a page sends.
 */
export async function startRendererHarness(): Promise<RendererHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'happy-house-renderer-'))
  const app = await createMainApp({ transport: 'websocket', dataDir })
  const host = await startBrowserHost(app, dataDir, 0)
  const cookie = await launchSession(host.launchUrl())
  const origin = host.origin
  class PageWebSocket extends WebSocket {
    constructor(url: string) {
      super(url, { origin, headers: { Cookie: cookie } })
    }
  }
  ;(globalThis as { WebSocket?: unknown }).WebSocket = PageWebSocket
  const api = websocketApi(`${origin.replace(/^http/, 'ws')}/ws`)
  return {
    app,
    host,
    api,
    dataDir,
    async engineReady() {
      await until(() => ['ready', 'error'].includes(app.status.get().engine.state), 60_000)
      if (app.status.get().engine.state !== 'ready') throw new Error(`engine: ${app.status.get().engine.message}`)
    },
    async dispose() {
      await host.close().catch(() => undefined)
      await app.dispose()
      await rm(dataDir, { recursive: true, force: true })
    }
  }
}
