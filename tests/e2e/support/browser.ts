import { chromium, type Browser } from '@playwright/test'

export const CHROMIUM_PATH = process.env.HAPPY_HOUSE_CHROMIUM ?? '/usr/bin/chromium'

/**
 * Debian's Chromium with a scripted camera: the Y4M file plays (in a loop) as the webcam, and the
 * permission prompt is answered yes, as a kiosk's administrator would have done once.
 */
export function launchWithCamera(y4mFile: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${y4mFile}`,
      '--use-fake-ui-for-media-stream',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run'
    ]
  })
}

/** Runs `use` with a Chromium whose camera plays `y4mFile`, and closes it however `use` ends. */
export async function withCamera<T>(y4mFile: string, use: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await launchWithCamera(y4mFile)
  try {
    return await use(browser)
  } finally {
    await browser.close()
  }
}
