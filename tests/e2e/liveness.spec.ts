import { expect, test, type Browser, type Page } from '@playwright/test'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { FACES_DIR, facesAvailable } from '../support/faces'
import { videoToY4m, ffmpegAvailable } from '../support/video'
import { writeY4m } from '../support/y4m'
import { connectApi, type ApiClient } from '../support/ws-api'
import { launchWithCamera } from './support/browser'
import { startHost, type RunningHost } from './support/host'

/**
 * Issue 7 in the real kiosk: Chromium's fake camera plays the spoof-dev webm clips (converted to Y4M
 * in the test's output folder, never committed) for an enrolled resident, with the liveness setting
 * left at its default. The replay on a phone keeps the door locked for a whole loop of the clip and
 * the screen says why; the genuine clip opens it.
 */
const APFOL = join(FACES_DIR, 'spoof-dev/apfol_liveness_opencv')
const ENROLL_CROPS = ['10.png', '50.png', '150.png', '200.png']
const CROP_BORDER = { top: 40, bottom: 40, left: 40, right: 40, background: { r: 128, g: 128, b: 128 } }
const CAMERA = { fps: 8, width: 640, height: 480 }
/** Longer than the decider's appearance gap (4 s): a face after this long without frames is a new appearance. */
const NEW_APPEARANCE_S = 6
/** The replay clip lasts 15.3 s: watch a little more than one loop of it. */
const REPLAY_WATCH_MS = 17_000
const SLOW_MS = 60_000
const DECISION_MS = 45_000
const ADMIN_PIN = '246813'

test.describe.configure({ mode: 'serial' })

test.describe('liveness at the door (webm clips as the camera)', () => {
  test.skip(!facesAvailable, `face data not found at ${FACES_DIR}`)
  test.skip(!ffmpegAvailable, 'ffmpeg not found: sudo apt-get install ffmpeg')

  let host: RunningHost
  let api: ApiClient
  let token: string
  let browser: Browser | null = null

  test.beforeAll(async () => {
    test.setTimeout(2 * SLOW_MS)
    host = await startHost()
    api = await connectApi(host.origin, host.url)
    await expect.poll(async () => (await api.ok('getStatus', {})).engine.state, { timeout: SLOW_MS }).toBe('ready')
    token = (await api.ok('setupPin', { pin: ADMIN_PIN, setupCode: host.setupCode() })).token
    const photos = await Promise.all(
      ENROLL_CROPS.map(async (f) => new Uint8Array(await sharp(await readFile(join(APFOL, 'live', f))).extend(CROP_BORDER).jpeg({ quality: 95 }).toBuffer()))
    )
    const enrolled = await api.ok('enrollResident', { token, name: 'Alex', photos, source: 'file' })
    expect(enrolled.accepted.length).toBeGreaterThan(0)
  })

  test.afterEach(async () => {
    await browser?.close()
    browser = null
  })

  test.afterAll(async () => {
    api?.close()
    await host?.stop()
  })

  async function kiosk(clip: string, y4m: string): Promise<Page> {
    return openCamera(await videoToY4m(clip, y4m, CAMERA))
  }

  async function openCamera(y4m: string): Promise<Page> {
    browser = await launchWithCamera(y4m)
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    await page.goto(host.url)
    await expect.poll(() => page.getByTestId('camera-video').evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: SLOW_MS }).toBeGreaterThan(0)
    await expect(page.getByTestId('status-engine')).toHaveAttribute('data-state', 'ready', { timeout: SLOW_MS })
    return page
  }

  test('the resident replayed on a phone: the door stays locked and the screen explains why', async ({}, testInfo) => {
    test.setTimeout(2 * SLOW_MS)
    expect((await api.ok('getSettings', { token })).liveness).toBe('challenge-if-unsure')
    const since = api.events.length
    const page = await kiosk(join(APFOL, 'spoof/fake2.webm'), testInfo.outputPath('replay.y4m'))
    const banner = page.getByTestId('door-banner')
    await expect(banner).toHaveAttribute('data-kind', 'denied', { timeout: DECISION_MS })
    await expect(page.getByTestId('door-banner-detail')).toContainText('photo or a screen')
    await page.screenshot({ path: testInfo.outputPath('replay-refused.png') })
    const watchedFrom = Date.now()
    await page.waitForTimeout(REPLAY_WATCH_MS)
    const doorStates = api.events.slice(since).filter((e) => e.event === 'door').map((e) => (e.payload as { state: string }).state)
    expect(doorStates).not.toContain('unlocking')
    expect(doorStates).not.toContain('open')
    await expect(page.getByTestId('status-door')).toHaveAttribute('data-state', 'locked')
    const log = await api.ok('queryLog', { token, limit: 50 })
    expect(log.events.filter((e) => e.result === 'granted')).toEqual([])
    const refusal = log.events.find((e) => e.reason === 'liveness-failed')
    expect(refusal?.liveness).toMatchObject({ status: 'fail', mode: 'challenge-if-unsure' })
    expect(Date.now() - watchedFrom).toBeGreaterThanOrEqual(REPLAY_WATCH_MS)
  })

  test('a photo cut tight around the face fills the camera: no context, so the kiosk asks for a blink or a turn, then refuses', async ({}, testInfo) => {
    test.setTimeout(2 * SLOW_MS)
    const since = api.events.length
    // One of the set's own tight crops (not an enrolled one) filling the camera: the passive model
    // calls it live (p 0.996), but the face has no background around it and touches the frame edge.
    // Its brightness flickers a little from frame to frame, as a real sensor's picture does (an
    // unchanging picture is refused outright as a still image: tests/main/app-frame-rate.test.ts).
    const crop = await readFile(join(APFOL, 'live', '120.png'))
    const flicker = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => ({ image: new Uint8Array(await sharp(crop).modulate({ brightness: 1 + 0.03 * Math.sin(i * 1.7) }).png().toBuffer()), frames: 1, scale: 1 }))
    )
    // The previous test showed the same resident as a replay: a face that comes back within 4 s is the
    // same appearance and keeps its spoof verdict. A pause with no frames first makes this a new one.
    const y4m = await writeY4m(testInfo.outputPath('crop.y4m'), flicker, { fps: CAMERA.fps })
    await new Promise((resolve) => setTimeout(resolve, NEW_APPEARANCE_S * 1000))
    const page = await openCamera(y4m)
    const banner = page.getByTestId('door-banner')
    await expect(banner).toHaveAttribute('data-kind', /^(blink|turn-left|turn-right)$/, { timeout: DECISION_MS })
    await expect(page.getByTestId('door-banner-detail')).toContainText('really here')
    await page.screenshot({ path: testInfo.outputPath('challenge-prompt.png') })
    await expect(banner).toHaveAttribute('data-kind', 'denied', { timeout: DECISION_MS })
    await expect(page.getByTestId('door-banner-detail')).toContainText('live-person check was not completed')
    const doorStates = api.events.slice(since).filter((e) => e.event === 'door').map((e) => (e.payload as { state: string }).state)
    expect(doorStates).not.toContain('open')
  })

  test('the same resident in person (the genuine clip): the door opens', async ({}, testInfo) => {
    test.setTimeout(2 * SLOW_MS)
    const page = await kiosk(join(APFOL, 'live/real2.webm'), testInfo.outputPath('live.y4m'))
    await expect(page.getByTestId('door-banner')).toHaveAttribute('data-kind', 'welcome', { timeout: DECISION_MS })
    await expect(page.getByTestId('door-banner')).toContainText('Alex')
    await page.screenshot({ path: testInfo.outputPath('live-welcome.png') })
    const granted = (await api.ok('queryLog', { token, result: 'granted', limit: 1 })).events[0]
    expect(granted?.liveness).toMatchObject({ status: 'pass', mode: 'challenge-if-unsure' })
  })
})
