import { readFile, realpath, stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, resolve, sep } from 'node:path'
import { CONTENT_SECURITY_POLICY } from '../../shared/csp'

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon'
}

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY'
}

/** Maps a URL path to a file inside `root`, or null when it would leave it. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/')
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '')
  const full = resolve(root, relative)
  const rootWithSep = root.endsWith(sep) ? root : root + sep
  return full.startsWith(rootWithSep) ? full : null
}

export async function serveStatic(root: string, urlPath: string, res: ServerResponse): Promise<void> {
  const file = resolveStaticPath(root, urlPath)
  if (!file) {
    res.writeHead(400, SECURITY_HEADERS).end('Bad path')
    return
  }
  try {
    // A symbolic link inside the root must not lead out of it (only files really under root are served).
    const [realFile, realRoot] = await Promise.all([realpath(file), realpath(root)])
    if (!realFile.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) throw new Error('outside the root')
    const info = await stat(realFile)
    if (!info.isFile()) throw new Error('not a file')
    const body = await readFile(realFile)
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'
    const cache = file.endsWith('.html') ? 'no-store' : 'public, max-age=3600'
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': cache })
    res.end(body)
  } catch {
    res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end('Not found')
  }
}
