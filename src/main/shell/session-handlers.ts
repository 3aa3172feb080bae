/**
 * The handler functions Electron's session and web contents get, built by factories so that a unit
 * test can run exactly these functions with plain objects standing in for Electron's events. Only
 * type imports from Electron here: this module loads in plain Node.
 */
import type { HeadersReceivedResponse, OnHeadersReceivedListenerDetails, Session, WebContents } from 'electron'
import { CONTENT_SECURITY_POLICY } from '../../shared/csp'
import { isNavigationAllowed, isPermissionAllowed, isPermissionCheckAllowed } from './security-policy'

export type PermissionRequestHandler = NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>
export type PermissionCheckHandler = NonNullable<Parameters<Session['setPermissionCheckHandler']>[0]>
export type DevicePermissionHandler = NonNullable<Parameters<Session['setDevicePermissionHandler']>[0]>
export type WindowOpenHandler = Parameters<WebContents['setWindowOpenHandler']>[0]
export type HeadersReceivedHandler = (details: OnHeadersReceivedListenerDetails, callback: (response: HeadersReceivedResponse) => void) => void

/** What our guards use of Electron's event objects. */
export interface PreventableEvent {
  preventDefault(): void
}

/** Headers every response gets (the CSP replaces any the response carried). */
export const RESPONSE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff'
}

/**
 * Injects our CSP into every response, dropping any other CSP (whatever its header case). Under
 * `npm run dev` only (`devServer`), styles may be inline: Vite's dev server injects component CSS as
 * <style> elements; the packaged and built app never gets that allowance.
 */
export function createCspHeaderHandler(devServer = false): HeadersReceivedHandler {
  const headers = devServer
    ? { ...RESPONSE_SECURITY_HEADERS, 'Content-Security-Policy': CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'") }
    : RESPONSE_SECURITY_HEADERS
  const ours = new Set(Object.keys(headers).map((h) => h.toLowerCase()))
  return (details, callback) => {
    const kept = Object.entries(details.responseHeaders ?? {}).filter(([name]) => !ours.has(name.toLowerCase()))
    const added = Object.entries(headers).map(([name, value]) => [name, [value]] as const)
    callback({ responseHeaders: Object.fromEntries([...kept, ...added]) })
  }
}

/** Camera only, for our own page's main frame; everything else (openExternal included) is refused. */
export function createPermissionRequestHandler(appUrl: () => string): PermissionRequestHandler {
  return (webContents, permission, callback, details) => {
    const requestingUrl = details?.requestingUrl || webContents?.getURL() || ''
    const mediaTypes = details && 'mediaTypes' in details ? details.mediaTypes : undefined
    const mainFrame = details?.isMainFrame !== false
    const pageUrl = webContents?.getURL() ?? ''
    callback(mainFrame && isPermissionAllowed(permission, requestingUrl, appUrl(), mediaTypes) && isPermissionAllowed(permission, pageUrl, appUrl(), mediaTypes))
  }
}

/** Permission checks (navigator.permissions, device enumeration) answer the same way. */
export function createPermissionCheckHandler(appUrl: () => string): PermissionCheckHandler {
  return (_webContents, permission, requestingOrigin) => isPermissionCheckAllowed(permission, requestingOrigin, appUrl())
}

/** No USB, HID, serial or Bluetooth device is ever offered to the page. */
export function createDevicePermissionHandler(): DevicePermissionHandler {
  return () => false
}

/** Cancels any navigation away from the app page (will-navigate, will-redirect, will-frame-navigate). */
export function createNavigationGuard(appUrl: () => string): (event: PreventableEvent, url: string) => void {
  return (event, url) => {
    if (!isNavigationAllowed(url, appUrl())) event.preventDefault()
  }
}

/** window.open and target=_blank never open anything (nor an external browser). */
export function createWindowOpenHandler(): WindowOpenHandler {
  return () => ({ action: 'deny' })
}

/** <webview> is off in webPreferences; attaching one is refused anyway. */
export function createWebviewGuard(): (event: PreventableEvent) => void {
  return (event) => event.preventDefault()
}

/** The kiosk never downloads files. */
export function createDownloadGuard(): (event: PreventableEvent) => void {
  return (event) => event.preventDefault()
}
