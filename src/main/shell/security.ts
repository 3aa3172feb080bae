import type { Session, WebContents } from 'electron'
import {
  createCspHeaderHandler,
  createDevicePermissionHandler,
  createDownloadGuard,
  createNavigationGuard,
  createPermissionCheckHandler,
  createPermissionRequestHandler,
  createWebviewGuard,
  createWindowOpenHandler
} from './session-handlers'

/** The parts of Electron's Session this module configures (a recorder object in tests). */
export type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'on'> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>
}

/** The parts of Electron's WebContents this module configures. */
export type WebContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler' | 'isDestroyed' | 'reload'>

/** Session-wide rules: CSP on every response, camera-only permissions for our own page, no devices, no downloads. */
export function setupSessionSecurity(ses: SessionLike, appUrl: () => string, devServer = false): void {
  ses.webRequest.onHeadersReceived(createCspHeaderHandler(devServer))
  ses.setPermissionRequestHandler(createPermissionRequestHandler(appUrl))
  ses.setPermissionCheckHandler(createPermissionCheckHandler(appUrl))
  ses.setDevicePermissionHandler(createDevicePermissionHandler())
  ses.on('will-download', createDownloadGuard())
}

/** Per-contents rules: no navigation, no new windows, no webviews, reload if the renderer dies. */
export function hardenWebContents(contents: WebContentsLike, appUrl: () => string): void {
  const guard = createNavigationGuard(appUrl)
  contents.on('will-navigate', guard)
  // Sub-frames too (none should exist: the CSP allows no frames).
  contents.on('will-frame-navigate', (event) => guard(event, event.url))
  contents.on('will-redirect', guard)
  contents.setWindowOpenHandler(createWindowOpenHandler())
  contents.on('will-attach-webview', createWebviewGuard())
  contents.on('render-process-gone', (_event, details) => {
    console.error(`[shell] renderer gone (${details.reason}); reloading`)
    if (!contents.isDestroyed()) contents.reload()
  })
}
