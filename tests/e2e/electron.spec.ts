import { _electron as electron, expect, test } from '@playwright/test'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { VERB_NAMES } from '../../src/shared/ipc/channels'
import { REPO_ROOT } from '../support/faces'
import { writeY4m } from '../support/y4m'

/** The Electron binary's path, read without requiring the package (which would try to download it). */
function electronBinary(): string | null {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
    const pathFile = join(dir, 'path.txt')
    if (!existsSync(pathFile)) return null
    const binary = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist'), readFileSync(pathFile, 'utf8').trim())
    return existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

const binary = electronBinary()
if (!binary) {
  console.warn("[skip] Electron end-to-end test: Electron's binary is not installed (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or no access to its download host)")
}

test.skip(!binary, "Electron's binary is not installed")

test('the Electron kiosk window loads with the preload bridge and answers through IPC', async ({}, testInfo) => {
  const clip = await writeY4m(testInfo.outputPath('camera.y4m'), [{ image: null, frames: 2 }])
  const userData = await mkdtemp(join(tmpdir(), 'happy-house-electron-'))
  const app = await electron.launch({
    executablePath: binary!,
    args: [REPO_ROOT, '--windowed', `--user-data-dir=${userData}`, '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${clip}`],
    env: { ...process.env, HAPPY_HOUSE_WINDOWED: '1' }
  })
  try {
    const page = await app.firstWindow()
    await expect(page.getByTestId('status-service')).toHaveAttribute('data-connected', 'true')
    // The answers come through IPC (the transport itself is only named in the admin screens).
    await expect(page.getByTestId('status-engine')).toBeVisible()
    // The page sees named verbs only, never ipcRenderer or Node.
    const surface = await page.evaluate(() => ({
      keys: Object.keys((window as unknown as { happyHouse: object }).happyHouse).sort(),
      hasRequire: typeof (window as unknown as { require?: unknown }).require !== 'undefined',
      hasProcess: typeof (window as unknown as { process?: unknown }).process !== 'undefined'
    }))
    expect(surface.keys).toEqual([...VERB_NAMES, 'on'].sort())
    expect(surface.hasRequire).toBe(false)
    expect(surface.hasProcess).toBe(false)
    await page.screenshot({ path: join(testInfo.outputDir, 'electron-kiosk.png') })
  } finally {
    await app.close()
  }
})
