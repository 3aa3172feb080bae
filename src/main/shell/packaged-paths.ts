import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The packaged app's models folder: electron-builder ships models/ outside the asar
 * (extraResources), in `process.resourcesPath/models`. Unpackaged runs use the engine's default.
 */
export function packagedModelsDir(isPackaged: boolean, resourcesPath: string | undefined): string | undefined {
  return isPackaged && resourcesPath ? join(resourcesPath, 'models') : undefined
}

/** The largest generated icon (`npm run icons`): electron-builder ships it as resources/icon.png. */
export const WINDOW_ICON = { packaged: 'icon.png', source: '../../resources/icons/512x512.png' } as const

/**
 * The window's icon (taskbars, window switchers): in the package's resources, or in the source
 * checkout beside out/main (`here`) once `npm run icons` made it. Undefined when there is none.
 */
export function windowIconPath(isPackaged: boolean, resourcesPath: string | undefined, here: string): string | undefined {
  const path = isPackaged ? (resourcesPath ? join(resourcesPath, WINDOW_ICON.packaged) : undefined) : join(here, WINDOW_ICON.source)
  return path && existsSync(path) ? path : undefined
}

/**
 * Where the Electron kiosk keeps its data: HAPPY_HOUSE_DATA when set (the deb's service unit points
 * it at /var/lib/happy-house, as the browser host's --data does), else Electron's userData.
 */
export function electronDataDir(env: Record<string, string | undefined>, userData: string): string {
  const dir = env.HAPPY_HOUSE_DATA?.trim()
  return dir ? dir : userData
}
