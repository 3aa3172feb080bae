import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/csp'
import { APP_ENTRY_URL } from '../../../src/main/shell/app-protocol'
import { hardenWebContents, setupSessionSecurity, type SessionLike, type WebContentsLike } from '../../../src/main/shell/security'
import { buildWindowOptions } from '../../../src/main/shell/window-options'
import { REPO_ROOT } from '../../support/faces'

type Listener = (...args: unknown[]) => unknown

/** Records what the shell installs on a session: Electron's Session replaced by a plain object. */
function recordingSession() {
  const installed: Record<string, Listener> = {}
  const session = {
    webRequest: { onHeadersReceived: (listener: Listener) => (installed.headers = listener) },
    setPermissionRequestHandler: (handler: Listener) => (installed.permissionRequest = handler),
    setPermissionCheckHandler: (handler: Listener) => (installed.permissionCheck = handler),
    setDevicePermissionHandler: (handler: Listener) => (installed.devicePermission = handler),
    on: (event: string, listener: Listener) => (installed[`on:${event}`] = listener)
  }
  return { session: session as unknown as SessionLike, installed }
}

function recordingContents(url = APP_ENTRY_URL) {
  const listeners: Record<string, Listener> = {}
  let windowOpen: Listener | null = null
  let reloads = 0
  const contents = {
    on: (event: string, listener: Listener) => (listeners[event] = listener),
    setWindowOpenHandler: (handler: Listener) => (windowOpen = handler),
    isDestroyed: () => false,
    reload: () => void reloads++,
    getURL: () => url
  }
  return { contents: contents as unknown as WebContentsLike, listeners, windowOpen: () => windowOpen, reloads: () => reloads, page: contents }
}

/** A stand-in for Electron's preventable events. */
function event(extra: Record<string, unknown> = {}) {
  const e = { prevented: false, preventDefault: () => void (e.prevented = true), ...extra }
  return e
}

function requestPermission(handler: Listener, page: unknown, permission: string, details: Record<string, unknown>): boolean {
  let granted: boolean | null = null
  handler(page, permission, (answer: boolean) => (granted = answer), details)
  if (granted === null) throw new Error('the permission handler never answered')
  return granted
}

const appUrl = (): string => APP_ENTRY_URL

describe('the kiosk window', () => {
  it('is built isolated, sandboxed, without Node, webviews or insecure content', () => {
    for (const windowed of [false, true]) {
      const prefs = buildWindowOptions({ preloadPath: '/app/preload.cjs', windowed }).webPreferences!
      expect(prefs).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false
      })
      expect(prefs.devTools).toBe(windowed)
      expect(prefs).not.toHaveProperty('experimentalFeatures', true)
      expect(prefs).not.toHaveProperty('enableBlinkFeatures')
    }
  })
})

describe('session handlers as installed by setupSessionSecurity', () => {
  const { session, installed } = recordingSession()
  setupSessionSecurity(session, appUrl)
  const own = recordingContents().page
  const foreign = recordingContents('https://evil.example/').page

  it('installs every handler', () => {
    expect(Object.keys(installed).sort()).toEqual(['devicePermission', 'headers', 'on:will-download', 'permissionCheck', 'permissionRequest'])
  })

  it('grants the camera to our own page only, never audio, never anything else', () => {
    const request = installed.permissionRequest!
    expect(requestPermission(request, own, 'media', { requestingUrl: APP_ENTRY_URL, isMainFrame: true, mediaTypes: ['video'] })).toBe(true)
    expect(requestPermission(request, own, 'media', { requestingUrl: APP_ENTRY_URL, isMainFrame: true, mediaTypes: ['video', 'audio'] })).toBe(false)
    expect(requestPermission(request, own, 'media', { requestingUrl: APP_ENTRY_URL, isMainFrame: false, mediaTypes: ['video'] })).toBe(false)
    expect(requestPermission(request, foreign, 'media', { requestingUrl: 'https://evil.example/', isMainFrame: true, mediaTypes: ['video'] })).toBe(false)
    // Another host on the same custom scheme is not our origin.
    expect(requestPermission(request, own, 'media', { requestingUrl: 'app://other/index.html', isMainFrame: true, mediaTypes: ['video'] })).toBe(false)
    for (const permission of ['openExternal', 'geolocation', 'notifications', 'clipboard-read', 'display-capture', 'hid', 'fullscreen']) {
      expect(requestPermission(request, own, permission, { requestingUrl: APP_ENTRY_URL, isMainFrame: true }), permission).toBe(false)
    }
    const check = installed.permissionCheck!
    expect(check(own, 'media', 'app://happy-house', {})).toBe(true)
    expect(check(own, 'media', 'https://evil.example', {})).toBe(false)
    expect(check(own, 'clipboard-read', 'app://happy-house', {})).toBe(false)
    expect(installed.devicePermission!({ deviceType: 'usb', origin: 'app://happy-house' })).toBe(false)
  })

  it('puts our CSP on every response, replacing whatever the response said', () => {
    let response: { responseHeaders?: Record<string, string[]> } = {}
    installed.headers!(
      { url: APP_ENTRY_URL, responseHeaders: { 'content-security-policy': ["script-src 'unsafe-inline'"], 'Content-Type': ['text/html'] } },
      (r: typeof response) => (response = r)
    )
    const headers = response.responseHeaders!
    const csp = Object.entries(headers).filter(([name]) => name.toLowerCase() === 'content-security-policy')
    expect(csp).toEqual([['Content-Security-Policy', [CONTENT_SECURITY_POLICY]]])
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/)
    expect(headers['Content-Type']).toEqual(['text/html'])
    expect(headers['X-Content-Type-Options']).toEqual(['nosniff'])
  })

  it('cancels downloads', () => {
    const e = event()
    installed['on:will-download']!(e)
    expect(e.prevented).toBe(true)
  })
})

describe('web contents as hardened by hardenWebContents', () => {
  const recorded = recordingContents()
  hardenWebContents(recorded.contents, appUrl)

  it('cancels navigation and redirects away from the app page', () => {
    for (const name of ['will-navigate', 'will-redirect']) {
      for (const [url, allowed] of [
        ['https://example.com/', false],
        ['file:///etc/passwd', false],
        ['app://happy-house/other.html', false],
        ['app://other/index.html', false],
        [`${APP_ENTRY_URL}#admin`, true]
      ] as const) {
        const e = event()
        recorded.listeners[name]!(e, url)
        expect(e.prevented, `${name} ${url}`).toBe(!allowed)
      }
    }
    const frame = event({ url: 'https://example.com/' })
    recorded.listeners['will-frame-navigate']!(frame)
    expect(frame.prevented).toBe(true)
  })

  it('denies every new window and every webview', () => {
    expect(recorded.windowOpen()!({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
    expect(recorded.windowOpen()!({ url: APP_ENTRY_URL })).toEqual({ action: 'deny' })
    const e = event()
    recorded.listeners['will-attach-webview']!(e, {}, {})
    expect(e.prevented).toBe(true)
  })

  it('reloads the page when the renderer process dies', () => {
    recorded.listeners['render-process-gone']!(event(), { reason: 'crashed' })
    expect(recorded.reloads()).toBe(1)
  })
})

describe('the code base', () => {
  it('never calls shell.openExternal', async () => {
    const files = (await readdir(join(REPO_ROOT, 'src'), { recursive: true })).filter((f) => /\.(ts|svelte)$/.test(f))
    const offenders: string[] = []
    for (const file of files) {
      const text = await readFile(join(REPO_ROOT, 'src', file), 'utf-8')
      if (/\bopenExternal\s*\(|shell\s*\.\s*openExternal/.test(text)) offenders.push(file)
    }
    expect(files.length).toBeGreaterThan(50)
    expect(offenders).toEqual([])
  })
})

describe('the injected CSP allows no inline style, except under the dev server', () => {
  it('built app: style-src self only; npm run dev: inline styles for Vite', async () => {
    const { createCspHeaderHandler } = await import('../../../src/main/shell/session-handlers')
    const cspOf = (devServer: boolean): string => {
      let csp = ''
      createCspHeaderHandler(devServer)({ responseHeaders: {} } as never, (r) => (csp = String(r.responseHeaders!['Content-Security-Policy'])))
      return csp
    }
    expect(cspOf(false)).toContain("style-src 'self';")
    expect(cspOf(false)).not.toContain('unsafe-inline')
    expect(cspOf(true)).toContain("style-src 'self' 'unsafe-inline'")
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline')
  })
})
