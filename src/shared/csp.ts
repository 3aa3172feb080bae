/**
 * One Content-Security-Policy for both shells (Electron session header and the browser host).
 * No inline or remote script; styles allow 'unsafe-inline' only because Svelte sets style attributes.
 * 'self' in connect-src also covers the same-origin WebSocket of the browser host.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'"
].join('; ')
