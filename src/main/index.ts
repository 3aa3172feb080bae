/**
 * Electron shell: one kiosk window, security defaults, and the main-process app wired to Electron IPC.
 * Feature code lives in createMainApp (no Electron import); this file only connects the pieces.
 */
import { app, BrowserWindow, dialog, protocol, safeStorage, session } from 'electron'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isAppError } from '../shared/errors'
import { createMainApp } from './app'
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './shell/app-protocol'
import { setupElectronIpc } from './shell/ipc-electron'
import { chooseElectronKeyProvider } from './shell/key-protection'
import { startKioskSession, type KioskSession } from './shell/kiosk-session'
import { electronDataDir, packagedModelsDir, windowIconPath } from './shell/packaged-paths'
import { hardenWebContents, setupSessionSecurity } from './shell/security'
import { buildWindowOptions, wantsWindowed } from './shell/window-options'

const here = fileURLToPath(new URL('.', import.meta.url))
const rendererDir = join(here, '../renderer')
// The dev server only under `npm run dev` (electron-vite sets NODE_ENV_ELECTRON_VITE=development;
// `npm start` removes both variables); a packaged app always serves its own files over app://.
const devServerUrl = !app.isPackaged && process.env.NODE_ENV_ELECTRON_VITE === 'development' ? process.env.ELECTRON_RENDERER_URL : undefined
const appUrl = (): string => devServerUrl ?? APP_ENTRY_URL

// Must happen before 'ready': app:// becomes a standard, secure origin (camera allowed, fetch works).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }])
app.enableSandbox()

let mainWindow: BrowserWindow | null = null
const windowed = wantsWindowed(process.argv, process.env)
let kioskSession: KioskSession | null = null

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(
    buildWindowOptions({
      preloadPath: join(here, '../preload/index.cjs'),
      windowed,
      iconPath: windowIconPath(app.isPackaged, process.resourcesPath, here)
    })
  )
  window.once('ready-to-show', () => {
    window.show()
    kioskSession?.ready()
  })
  window.on('closed', () => {
    mainWindow = null
  })
  void window.loadURL(appUrl())
  return window
}

async function start(): Promise<void> {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir))
  setupSessionSecurity(session.defaultSession, appUrl, devServerUrl !== undefined)
  const dataDir = electronDataDir(process.env, app.getPath('userData'))
  kioskSession = startKioskSession({ keepDisplayOn: !windowed })
  const key = await chooseElectronKeyProvider(dataDir, safeStorage)
  console.log(`[shell] ${key.reason}`)
  const mainApp = await createMainApp({
    transport: 'electron',
    dataDir,
    keyProvider: key.provider,
    modelsDir: packagedModelsDir(app.isPackaged, process.resourcesPath),
    requireSetupCode: true
  })
  const disposeIpc = setupElectronIpc(mainApp.registry, mainApp.hub, () => mainWindow?.webContents ?? null, appUrl)
  mainWindow = createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow()
  })
  app.on('will-quit', () => {
    kioskSession?.stop()
    disposeIpc()
    void mainApp.dispose()
  })
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore()
      mainWindow.focus()
    }
  })
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appUrl))
  void app.whenReady().then(() =>
    start().catch((e: unknown) => {
      // E.g. a wrong or unsafe biometric key: say it plainly instead of dying without a window.
      const message = isAppError(e) ? e.message : `Internal error: ${(e as Error)?.message ?? String(e)}`
      console.error(`[shell] Happy House could not start: ${message}`)
      dialog.showErrorBox('Happy House could not start', message)
      app.exit(1)
    })
  )
  app.on('window-all-closed', () => app.quit())
}
