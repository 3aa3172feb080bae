/**
 * One Content-Security-Policy for both shells (Electron session header and the browser host).
 * No inline or remote script, and no inline style either: Svelte 5 sets dynamic styles through the
 * CSSOM (element.style.cssText / setProperty), which style-src does not govern, and its component
 * CSS is bundled into the stylesheet (tests/e2e/kiosk.spec.ts checks no violation is reported).
 * 'self' in connect-src also covers the same-origin WebSocket of the browser host.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'"
].join('; ')
