/**
 * Electron shell: one kiosk window, security defaults, and the main-process app wired to Electron IPC.
 * Feature code lives in createMainApp (no Electron import); this file only connects the pieces.
 */
import { app, BrowserWindow, safeStorage } from 'electron'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createMainApp } from './app'
import { setupElectronIpc } from './shell/ipc-electron'
import { chooseElectronKeyProvider } from './shell/key-protection'
import { hardenWebContents, setupSessionSecurity } from './shell/security'
import { buildWindowOptions, wantsWindowed } from './shell/window-options'

const here = fileURLToPath(new URL('.', import.meta.url))
const rendererFile = join(here, '../renderer/index.html')
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
const appUrl = (): string => devServerUrl ?? pathToFileURL(rendererFile).href

let mainWindow: BrowserWindow | null = null

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(
    buildWindowOptions({ preloadPath: join(here, '../preload/index.cjs'), windowed: wantsWindowed(process.argv, process.env) })
  )
  window.once('ready-to-show', () => window.show())
  window.on('closed', () => {
    mainWindow = null
  })
  void (devServerUrl ? window.loadURL(devServerUrl) : window.loadFile(rendererFile))
  return window
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

  void app.whenReady().then(async () => {
    setupSessionSecurity(appUrl)
    const dataDir = app.getPath('userData')
    const key = await chooseElectronKeyProvider(dataDir, safeStorage)
    console.log(`[shell] ${key.reason}`)
    const mainApp = await createMainApp({ transport: 'electron', dataDir, keyProvider: key.provider })
    const disposeIpc = setupElectronIpc(mainApp.registry, mainApp.hub, () => mainWindow?.webContents ?? null, appUrl)
    mainWindow = createWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow()
    })
    app.on('will-quit', () => {
      disposeIpc()
      void mainApp.dispose()
    })
  })
  app.on('window-all-closed', () => app.quit())
}
