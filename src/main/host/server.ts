import { randomBytes } from 'node:crypto'
import { writeFile, rename } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { MainApp } from '../app'
import { answerHealth, HEALTH_PATH } from './health'
import { SECURITY_HEADERS, serveStatic } from './static-files'
import { tokensEqual, WebSocketTransport } from './ws-transport'

export const HOST_ADDRESS = '127.0.0.1'
export const LAUNCH_PATH = '/launch'

export interface BrowserHostOptions {
  /**
   * Where the host keeps a fresh one-time launch address (0600, rewritten after every use): how
   * `npm start` opens Chromium and how tests open pages, without the address on stdout.
   */
  launchFile?: string
}

export interface BrowserHost {
  /** `http://127.0.0.1:<port>`: the only Origin and Host the server answers. */
  origin: string
  port: number
  /** Mints a one-time launch address: opening it sets the session cookie, then the code is dead. */
  launchUrl(): string
  /** The session cookie (`name=value`) a launched page holds: for in-process tests only, never printed. */
  readonly sessionCookie: string
  close(): Promise<void>
}

/**
 * Serves the built renderer and the IPC contract over a WebSocket, on loopback only.
 *
 * Access: a page gets the API only with this launch's session cookie (HttpOnly, SameSite=Strict),
 * set when it opens a one-time launch address; neither the cookie nor a reusable token is ever on
 * stdout or a command line. Every request must name this host exactly (Host header: no DNS
 * rebinding), WebSockets must come from exactly this origin, and connections and their buffers are
 * capped.
 */
export async function startBrowserHost(app: MainApp, rendererDir: string, port = 0, options: BrowserHostOptions = {}): Promise<BrowserHost> {
  const session = randomBytes(32).toString('base64url')
  const codes = new Set<string>()
  let origin = ''
  let cookieName = ''
  let hostHeader = ''
  const sessionOf = (req: IncomingMessage): string | null => {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [name, ...value] = part.trim().split('=')
      if (name === cookieName) return value.join('=')
    }
    return null
  }
  const transport = new WebSocketTransport(app.registry, app.hub, {
    authorised: (req) => tokensEqual(session, sessionOf(req)),
    allowedOrigin: () => origin,
    allowedHost: () => hostHeader
  })

  const mint = (): string => {
    const code = randomBytes(24).toString('base64url')
    codes.add(code)
    return `${origin}${LAUNCH_PATH}?code=${code}`
  }
  const writeLaunchFile = async (): Promise<void> => {
    if (!options.launchFile) return
    const temp = `${options.launchFile}.tmp`
    await writeFile(temp, `${mint()}\n`, { mode: 0o600 })
    await rename(temp, options.launchFile)
  }

  const launch = (req: IncomingMessage, res: ServerResponse): void => {
    const code = new URL(req.url ?? '/', origin).searchParams.get('code')
    if (code === null || !codes.delete(code)) {
      res.writeHead(403, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end('This launch address was already used or is wrong: start the kiosk again (npm start).')
      return
    }
    void writeLaunchFile()
    res.writeHead(303, {
      ...SECURITY_HEADERS,
      // The second cookie only tells the page it was launched (it can read it; it grants nothing).
      'Set-Cookie': [`${cookieName}=${session}; HttpOnly; SameSite=Strict; Path=/`, `hh_launched_${new URL(origin).port}=1; SameSite=Strict; Path=/`],
      Location: '/',
      'Cache-Control': 'no-store'
    })
    res.end()
  }

  const server: Server = createServer((req, res) => {
    if (req.headers.host !== hostHeader) {
      res.writeHead(421, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end('Misdirected request')
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    if ((req.url ?? '').split('?')[0] === LAUNCH_PATH) return launch(req, res)
    if ((req.url ?? '').split('?')[0] === HEALTH_PATH) return answerHealth(res)
    void serveStatic(rendererDir, req.url ?? '/', res)
  })
  server.maxConnections = 64
  server.on('upgrade', (req, socket, head) => transport.handleUpgrade(req, socket, head))
  await new Promise<void>((resolvePromise, rejectPromise) => {
    server.once('error', rejectPromise)
    server.listen(port, HOST_ADDRESS, () => resolvePromise())
  })
  const actualPort = (server.address() as AddressInfo).port
  origin = `http://${HOST_ADDRESS}:${actualPort}`
  hostHeader = `${HOST_ADDRESS}:${actualPort}`
  // Cookies are per host, not per port: the port in the name keeps two kiosks apart.
  cookieName = `hh_session_${actualPort}`
  await writeLaunchFile()
  return {
    origin,
    port: actualPort,
    launchUrl: mint,
    sessionCookie: `${cookieName}=${session}`,
    async close() {
      transport.close()
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    }
  }
}
