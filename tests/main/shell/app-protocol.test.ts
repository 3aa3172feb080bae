import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from '../../../src/main/shell/app-protocol'
import { isOwnPage } from '../../../src/main/shell/security-policy'
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/csp'
import { tempDataDir } from '../../support/store-fixtures'

let root: string
let cleanup: () => Promise<void>
let handler: (request: Request) => Promise<Response>

beforeAll(async () => {
  ;({ dir: root, cleanup } = await tempDataDir('hh-protocol-'))
  await mkdir(join(root, 'renderer/assets'), { recursive: true })
  await writeFile(join(root, 'renderer/index.html'), '<!doctype html><title>Happy House</title>')
  await writeFile(join(root, 'renderer/assets/app.js'), 'console.log(1)')
  await writeFile(join(root, 'secret.txt'), 'outside the renderer')
  handler = createAppProtocolHandler(join(root, 'renderer'))
})
afterAll(async () => {
  await cleanup()
})

const get = (url: string, method = 'GET'): Promise<Response> => handler(new Request(url, { method }))

describe('the app:// protocol', () => {
  it('is a standard, secure scheme (a real origin, camera allowed) that does not bypass the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, bypassCSP: false, allowServiceWorkers: false })
    expect(APP_ENTRY_URL).toBe('app://happy-house/index.html')
    expect(isOwnPage('app://happy-house/index.html#admin', APP_ENTRY_URL)).toBe(true)
    expect(isOwnPage('app://evil/index.html', APP_ENTRY_URL)).toBe(false)
    expect(isOwnPage('file:///index.html', APP_ENTRY_URL)).toBe(false)
  })

  it('serves the renderer files with the CSP and a content type', async () => {
    const page = await get(APP_ENTRY_URL)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(await page.text()).toContain('Happy House')
    const script = await get('app://happy-house/assets/app.js')
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect((await get('app://happy-house/')).status).toBe(200)
  })

  it('never serves anything outside the renderer folder or for another host', async () => {
    for (const url of [
      'app://happy-house/../secret.txt',
      'app://happy-house/%2e%2e/secret.txt',
      'app://happy-house/%2e%2e%2fsecret.txt',
      'app://happy-house/assets/%00.js',
      'app://other-host/index.html',
      'app://happy-house/missing.js',
      'app://happy-house/assets'
    ]) {
      const response = await get(url)
      expect(response.status, url).toBeGreaterThanOrEqual(400)
      expect(await response.text(), url).not.toContain('outside the renderer')
    }
    expect((await get(APP_ENTRY_URL, 'POST')).status).toBe(405)
  })
})
