import type { ServerResponse } from 'node:http'
import { SECURITY_HEADERS } from './static-files'

/** What the supervisor polls (scripts/supervisor.mjs) to know the kiosk is alive. */
export const HEALTH_PATH = '/healthz'

/**
 * Answered from the host's own event loop, so a reply proves the HTTP server and the main loop are
 * responsive (a stopped or busy-looping process cannot answer). It says nothing else: no version,
 * data directory, pid or token, since any local process can ask.
 */
export function answerHealth(res: ServerResponse): void {
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end('{"status":"ok"}\n')
}
