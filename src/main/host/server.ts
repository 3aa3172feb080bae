import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { MainApp } from '../app'
import { serveStatic } from './static-files'
import { WebSocketTransport } from './ws-transport'

export const HOST_ADDRESS = '127.0.0.1'

export interface BrowserHost {
  /** The kiosk page, with this launch's token in the fragment (never sent to the server in requests). */
  url: string
  port: number
  token: string
  close(): Promise<void>
}

/** Serves the built renderer and the IPC contract over a WebSocket, on loopback only. */
export async function startBrowserHost(app: MainApp, rendererDir: string, port = 0): Promise<BrowserHost> {
  const token = randomBytes(32).toString('base64url')
  let origin = ''
  const transport = new WebSocketTransport(app.registry, app.hub, token, () => origin)
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    void serveStatic(rendererDir, req.url ?? '/', res)
  })
  server.on('upgrade', (req, socket, head) => transport.handleUpgrade(req, socket, head))
  await new Promise<void>((resolvePromise, rejectPromise) => {
    server.once('error', rejectPromise)
    server.listen(port, HOST_ADDRESS, () => resolvePromise())
  })
  const actualPort = (server.address() as AddressInfo).port
  origin = `http://${HOST_ADDRESS}:${actualPort}`
  return {
    url: `${origin}/#token=${token}`,
    port: actualPort,
    token,
    async close() {
      transport.close()
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    }
  }
}
