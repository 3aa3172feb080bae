import { session, type WebContents } from 'electron'
import { CONTENT_SECURITY_POLICY } from '../../shared/csp'
import { isNavigationAllowed, isPermissionAllowed, isPermissionCheckAllowed } from './security-policy'

/** Session-wide defaults: CSP on every response, camera-only permissions for our own page. */
export function setupSessionSecurity(appUrl: () => string): void {
  const ses = session.defaultSession
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] }
    })
  })
  ses.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined
    callback(isPermissionAllowed(permission, webContents.getURL(), appUrl(), mediaTypes))
  })
  ses.setPermissionCheckHandler((_webContents, permission, requestingOrigin) =>
    isPermissionCheckAllowed(permission, requestingOrigin, appUrl())
  )
}

/** Per-window rules: no navigation, no new windows, no webviews, reload if the renderer dies. */
export function hardenWebContents(contents: WebContents, appUrl: () => string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url, appUrl())) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url, appUrl())) event.preventDefault()
  })
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.on('render-process-gone', (_event, details) => {
    console.error(`[shell] renderer gone (${details.reason}); reloading`)
    if (!contents.isDestroyed()) contents.reload()
  })
}
