/**
 * Pure decisions behind the Electron session handlers (no Electron import, so tests can run them).
 */

/** Only the camera (and microphone-less video capture), only for our own page. */
export function isPermissionAllowed(permission: string, requestingUrl: string, appUrl: string, mediaTypes?: readonly string[]): boolean {
  if (!isOwnPage(requestingUrl, appUrl)) return false
  if (permission !== 'media') return false
  // getUserMedia({ video }) asks for 'media' with mediaTypes ['video']; refuse audio.
  return mediaTypes === undefined || mediaTypes.every((t) => t === 'video')
}

/** Permission checks (as opposed to requests) are answered the same way. */
export function isPermissionCheckAllowed(permission: string, requestingOrigin: string, appUrl: string): boolean {
  return permission === 'media' && isOwnPage(requestingOrigin, appUrl)
}

/** The page never navigates: any navigation away from the loaded app is cancelled. */
export function isNavigationAllowed(targetUrl: string, appUrl: string): boolean {
  return sameDocument(targetUrl, appUrl)
}

export function isOwnPage(url: string, appUrl: string): boolean {
  try {
    const a = new URL(url)
    const b = new URL(appUrl)
    if (a.protocol !== b.protocol) return false
    // file:// pages have an opaque origin: compare the path of the document instead.
    if (a.protocol === 'file:') return a.pathname === b.pathname
    // Node gives custom schemes (app://happy-house) the origin "null": compare their host instead.
    if (b.origin === 'null') return b.host !== '' && a.host === b.host
    return a.origin === b.origin
  } catch {
    return false
  }
}

function sameDocument(url: string, appUrl: string): boolean {
  try {
    const a = new URL(url)
    const b = new URL(appUrl)
    return isOwnPage(url, appUrl) && a.pathname === b.pathname
  } catch {
    return false
  }
}
