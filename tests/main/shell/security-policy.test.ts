import { describe, expect, it } from 'vitest'
import { isNavigationAllowed, isPermissionAllowed, isPermissionCheckAllowed } from '../../../src/main/shell/security-policy'
import { buildWindowOptions, wantsWindowed } from '../../../src/main/shell/window-options'

const appUrl = 'file:///opt/happy-house/out/renderer/index.html'

describe('window options (as built by the shell)', () => {
  it('keep the renderer isolated and sandboxed', () => {
    const options = buildWindowOptions({ preloadPath: '/x/preload.cjs', windowed: false })
    expect(options.kiosk).toBe(true)
    expect(options.webPreferences).toMatchObject({
      preload: '/x/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      devTools: false
    })
    expect(buildWindowOptions({ preloadPath: '/p', windowed: true }).kiosk).toBe(false)
  })
  it('windowed mode comes from a flag or the environment', () => {
    expect(wantsWindowed(['electron', '.', '--windowed'], {})).toBe(true)
    expect(wantsWindowed(['electron', '.'], { HAPPY_HOUSE_WINDOWED: '1' })).toBe(true)
    expect(wantsWindowed(['electron', '.'], {})).toBe(false)
  })
})

describe('permissions', () => {
  it('grant only video capture to our own page', () => {
    expect(isPermissionAllowed('media', appUrl, appUrl, ['video'])).toBe(true)
    expect(isPermissionAllowed('media', appUrl, appUrl, ['video', 'audio'])).toBe(false)
    expect(isPermissionAllowed('geolocation', appUrl, appUrl)).toBe(false)
    expect(isPermissionAllowed('notifications', appUrl, appUrl)).toBe(false)
    expect(isPermissionAllowed('media', 'https://evil.example/', appUrl, ['video'])).toBe(false)
    expect(isPermissionAllowed('media', 'file:///tmp/other.html', appUrl, ['video'])).toBe(false)
    expect(isPermissionCheckAllowed('media', appUrl, appUrl)).toBe(true)
    expect(isPermissionCheckAllowed('clipboard-read', appUrl, appUrl)).toBe(false)
  })
  it('work with a dev-server origin too', () => {
    expect(isPermissionAllowed('media', 'http://localhost:5173/', 'http://localhost:5173/', ['video'])).toBe(true)
    expect(isPermissionAllowed('media', 'http://localhost:5174/', 'http://localhost:5173/', ['video'])).toBe(false)
  })
})

describe('navigation', () => {
  it('is denied away from the app page', () => {
    expect(isNavigationAllowed('https://example.com/', appUrl)).toBe(false)
    expect(isNavigationAllowed('file:///etc/passwd', appUrl)).toBe(false)
    expect(isNavigationAllowed('not a url', appUrl)).toBe(false)
    expect(isNavigationAllowed(`${appUrl}#admin`, appUrl)).toBe(true)
  })
})
