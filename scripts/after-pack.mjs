// electron-builder afterPack hook: sets the Electron fuses of the packaged binary, before the
// AppImage/deb are made from it. Fuses are flipped in the binary itself, so a packaged kiosk cannot be
// turned back into a general Node runtime (ELECTRON_RUN_AS_NODE, NODE_OPTIONS, --inspect) nor run
// code from outside its asar archive.
import { join } from 'node:path'
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses'

/** The fuses every Happy House build gets. */
export const FUSES = {
  version: FuseVersion.V1,
  // Fuses newer than this list keep Electron's defaults (a stricter setting would refuse to package).
  strictlyRequireAllFuses: false,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // Effective where Electron supports it (macOS, Windows); harmless on Linux.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The renderer is served from app://, so file:// needs no extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  [FuseV1Options.WasmTrapHandlers]: true
}

/** Path of the Electron executable inside electron-builder's output for one platform. */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context
  const productFilename = packager.appInfo.productFilename
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${productFilename}.app`)
    case 'win32':
      return join(appOutDir, `${productFilename}.exe`)
    default:
      return join(appOutDir, packager.executableName)
  }
}

export default async function afterPack(context) {
  const binary = electronBinaryPath(context)
  await flipFuses(binary, { ...FUSES, resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' })
  console.log(`  • electron fuses set on ${binary}`)
}
