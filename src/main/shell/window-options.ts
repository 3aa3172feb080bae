import type { BrowserWindowConstructorOptions } from 'electron'

export interface WindowOptionsInput {
  preloadPath: string
  /** Fullscreen kiosk unless an administrator or developer asked for a window. */
  windowed: boolean
  /** The app icon (a PNG), when there is one: see shell/packaged-paths.ts windowIconPath. */
  iconPath?: string
}

/** The kiosk window, built in one place so that its security settings can be checked by a test. */
export function buildWindowOptions({ preloadPath, windowed, iconPath }: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    kiosk: !windowed,
    fullscreen: !windowed,
    autoHideMenuBar: true,
    backgroundColor: '#0b0f14',
    show: false,
    title: 'Happy House',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: windowed
    }
  }
}

/** Windowed mode for administrators and development: `--windowed` or HAPPY_HOUSE_WINDOWED=1. */
export function wantsWindowed(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return argv.includes('--windowed') || env.HAPPY_HOUSE_WINDOWED === '1'
}
