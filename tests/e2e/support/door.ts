import { expect, type Browser, type Page, type TestInfo } from '@playwright/test'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { FACES_DIR, happyHouse, type HappyHouseResident } from '../../support/faces'
import { connectApi } from '../../support/ws-api'
import { writeY4m, type Y4mScene } from '../../support/y4m'
import { launchWithCamera } from './browser'
import { startHost, type RunningHost } from './host'

/**
 * The door rig of the end-to-end scenarios: one kiosk (browser host on a fresh data directory) and
 * the Chromium windows that look at it, each with its own scripted camera, and the steps an
 * administrator takes on the screens, driven through the data-testids.
 */

export const LANDSCAPE = { width: 1920, height: 1080 }
export const PORTRAIT = { width: 1080, height: 1920 }
export const ADMIN_PIN = '246813'
/** Enrolling a dozen photos and loading models are the slow steps; everything else is seconds. */
export const SLOW_MS = 60_000
/**
 * A decision needs K of N agreeing frames (3 of 5 within 2 s by default) at 3-8 recognitions a second:
 * a few seconds. The clips loop every 10-20 s, so this leaves a loaded machine a few appearances.
 */
export const DECISION_MS = 45_000
/** Chromium's fake camera plays this many frames a second (the Y4M clips are written for it). */
export const CLIP_FPS = 10
/** Let CSS transitions finish so a screenshot shows the settled screen. */
const SETTLE_MS = 400
const ENGINE_READY_POLL_MS = 100

export { HAPPY_HOUSE_RESIDENTS, type HappyHouseResident } from '../../support/faces'

export const residentPhoto = (name: HappyHouseResident): string =>
  join(happyHouse.residentsDir, name === 'danielle' ? 'danielle.png' : `${name}.jpg`)

/** "younes" → "Younes": residents are enrolled with their names as a person would type them. */
export const displayName = (name: string): string => name[0]!.toUpperCase() + name.slice(1)

/** The photos of one LFW person (unaligned 150x150 originals), sorted. */
export async function lfwPhotos(person: string): Promise<string[]> {
  const dir = join(FACES_DIR, 'lfw-dev/images', person)
  return (await readdir(dir)).sort().map((f) => join(dir, f))
}

export class DoorRig {
  private readonly browsers: Browser[] = []
  private clips = 0

  private constructor(
    readonly host: RunningHost,
    private readonly testInfo: TestInfo
  ) {}

  static async start(testInfo: TestInfo): Promise<DoorRig> {
    return new DoorRig(await startHost(), testInfo)
  }

  /**
   * A new Chromium whose camera plays `scenes` in a loop, showing the kiosk. The fake camera is fixed
   * per browser process, so a different person at the door means a new browser on the same kiosk.
   */
  async openKiosk(scenes: Y4mScene[], viewport = LANDSCAPE): Promise<Page> {
    const clip = await writeY4m(this.testInfo.outputPath(`camera-${++this.clips}.y4m`), scenes, { fps: CLIP_FPS })
    const browser = await launchWithCamera(clip)
    this.browsers.push(browser)
    const page = await browser.newPage({ viewport })
    await page.goto(this.host.url)
    await expect.poll(() => page.getByTestId('camera-video').evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: SLOW_MS }).toBeGreaterThan(0)
    await expect(page.getByTestId('status-service')).toHaveAttribute('data-connected', 'true')
    await expect(page.getByTestId('status-engine')).toHaveAttribute('data-state', 'ready', { timeout: SLOW_MS })
    return page
  }

  /** Closes a kiosk window (and its browser) before the next person steps up. */
  async closeKiosk(page: Page): Promise<void> {
    const browser = page.context().browser()
    await browser?.close()
    if (browser) this.browsers.splice(this.browsers.indexOf(browser), 1)
  }

  /**
   * Setup shortcut for scenarios that are not about it: the admin PIN and residents enrolled over the
   * same API the screens use (each from its one photo), as scenario 1 does through the screens.
   *
   * Liveness is switched off, as an administrator would in Settings for a bench kiosk: the scripted
   * camera plays still photos, which a liveness check is right to doubt (and may ask to blink), and
   * these scenarios are about recognition, the door and the screens; liveness has its own tests.
   */
  async prepare(options: { residents?: readonly HappyHouseResident[] } = {}): Promise<void> {
    const api = await connectApi(this.host.origin, this.host.url)
    try {
      await expect
        .poll(async () => (await api.ok('getStatus', {})).engine.state, { timeout: SLOW_MS, intervals: [ENGINE_READY_POLL_MS] })
        .toBe('ready')
      const { token } = await api.ok('setupPin', { pin: ADMIN_PIN, setupCode: this.host.setupCode() })
      await api.ok('updateSettings', { token, patch: { liveness: 'off' } })
      for (const name of options.residents ?? []) {
        const photo = new Uint8Array(await readFile(residentPhoto(name)))
        const result = await api.ok('enrollResident', { token, name: displayName(name), photos: [photo], source: 'file' })
        expect(result.rejected, `enrolling ${name}`).toEqual([])
      }
    } finally {
      api.close()
    }
  }

  async shot(page: Page, name: string): Promise<void> {
    await page.waitForTimeout(SETTLE_MS)
    await page.screenshot({ path: this.testInfo.outputPath(`${name}.png`) })
  }

  async stop(): Promise<void> {
    for (const browser of this.browsers.splice(0)) await browser.close()
    await this.host.stop()
  }
}

/** The door banner shows `kind` (welcome, not-recognised, denied, locked, ...). */
export async function expectBanner(page: Page, kind: string, timeout = DECISION_MS): Promise<void> {
  await expect(page.getByTestId('door-banner')).toHaveAttribute('data-kind', kind, { timeout })
}

/** The admin screens, opened the discreet way: press and hold the top-left corner. */
export async function holdAdminCorner(page: Page): Promise<void> {
  await page.getByTestId('admin-hotspot').hover()
  await page.mouse.down()
  await expect(page.getByTestId('pin-screen')).toBeVisible({ timeout: 10_000 })
  await page.mouse.up()
}

async function typePinOnKeypad(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.getByTestId(`pin-key-${digit}`).click()
  await page.getByTestId('pin-submit').click()
}

/** First run: the setup code from the kiosk's terminal, then the administrator PIN twice, on the keypad. */
export async function chooseFirstPin(page: Page, pin: string, setupCode: string, beforeSubmit?: () => Promise<void>): Promise<void> {
  await expect(page.getByTestId('pin-screen')).toHaveAttribute('data-phase', 'code')
  await typePinOnKeypad(page, setupCode)
  await expect(page.getByTestId('pin-screen')).toHaveAttribute('data-phase', 'setup')
  for (const digit of pin) await page.getByTestId(`pin-key-${digit}`).click()
  await beforeSubmit?.()
  await page.getByTestId('pin-submit').click()
  await expect(page.getByTestId('pin-screen')).toHaveAttribute('data-phase', 'confirm')
  await typePinOnKeypad(page, pin)
  await expect(page.getByTestId('admin-shell')).toBeVisible()
}

/** Ctrl+Alt+A (a keyboard kiosk's way in), then the PIN. */
export async function unlockAdmin(page: Page, pin = ADMIN_PIN): Promise<void> {
  await page.keyboard.press('Control+Alt+A')
  await expect(page.getByTestId('pin-screen')).toHaveAttribute('data-phase', 'unlock')
  await typePinOnKeypad(page, pin)
  await expect(page.getByTestId('admin-shell')).toBeVisible()
}

export async function exitAdmin(page: Page): Promise<void> {
  await page.getByTestId('admin-exit').click()
  await expect(page.getByTestId('admin')).toHaveCount(0)
}

/** Settings → change what `change` clicks → Save, and wait for main to accept it. */
export async function changeSettings(page: Page, change: () => Promise<void>): Promise<void> {
  await page.getByTestId('admin-tab-settings').click()
  await expect(page.getByTestId('settings-save')).toBeVisible()
  await change()
  await page.getByTestId('settings-save').click()
  await expect(page.getByTestId('settings-unsaved')).toHaveCount(0)
  await expect(page.getByTestId('settings-save')).toBeDisabled()
}

export async function openLog(page: Page): Promise<void> {
  await page.getByTestId('admin-tab-log').click()
  await expect(page.getByTestId('log-page')).toBeVisible()
}
