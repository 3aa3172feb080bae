/**
 * The renderer is served from `app://happy-house/…` instead of file://: a standard, secure scheme
 * gives the page a real origin (so permission and sender checks compare origins, not file paths) and
 * no access to the file system. No Electron import: the handler is a plain fetch-style function.
 */
import { readFile, stat } from 'node:fs/promises'
import { extname } from 'node:path'
import { CONTENT_TYPES, resolveStaticPath, SECURITY_HEADERS } from '../host/static-files'

export const APP_SCHEME = 'app'
export const APP_HOST = 'happy-house'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/** Registered before `ready` (protocol.registerSchemesAsPrivileged). */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  stream: true,
  bypassCSP: false,
  corsEnabled: false,
  allowServiceWorkers: false
} as const

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } })
}

/** Serves files of `rendererDir` for app://happy-house/ URLs; anything else is 4xx. */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed')
    let url: URL
    try {
      url = new URL(request.url)
    } catch {
      return textResponse(400, 'Bad URL')
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return textResponse(404, 'Not found')
    const file = resolveStaticPath(rendererDir, url.pathname)
    if (!file) return textResponse(400, 'Bad path')
    try {
      if (!(await stat(file)).isFile()) return textResponse(404, 'Not found')
      const body = request.method === 'HEAD' ? null : await readFile(file)
      const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'
      return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store' } })
    } catch {
      return textResponse(404, 'Not found')
    }
  }
}
