import { join } from 'node:path'

/**
 * The packaged app's models folder: electron-builder ships models/ outside the asar
 * (extraResources), in `process.resourcesPath/models`. Unpackaged runs use the engine's default.
 */
export function packagedModelsDir(isPackaged: boolean, resourcesPath: string | undefined): string | undefined {
  return isPackaged && resourcesPath ? join(resourcesPath, 'models') : undefined
}
