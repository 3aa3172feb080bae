import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMainApp, type MainApp } from '../../src/main/app'
import { startBrowserHost, type BrowserHost } from '../../src/main/host/server'
import { connectApi, type ApiClient } from './ws-api'

/** The whole main process behind the real browser host, in a temporary data directory. */
export interface RunningKiosk {
  dataDir: string
  app: MainApp
  host: BrowserHost
  origin: string
  api: ApiClient
  /** Administrator session token. */
  token: string
  stop(): Promise<void>
}

export async function startKiosk(prefix = 'hh-kiosk-', pin = '246813'): Promise<RunningKiosk> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix))
  const app = await createMainApp({ transport: 'websocket', dataDir, requireSetupCode: true })
  const host = await startBrowserHost(app, dataDir, 0)
  const origin = host.origin
  const api = await connectApi(origin, host.launchUrl())
  for (let i = 0; i < 300; i++) {
    const status = await api.ok('getStatus', {})
    if (status.engine.state === 'ready') break
    if (status.engine.state === 'error') throw new Error(`engine failed: ${status.engine.message}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  // First run as the operator does it: the setup code from the kiosk's 0600 file.
  const setupCode = (await readFile(join(dataDir, 'setup-code'), 'utf8')).trim()
  const token = (await api.ok('setupPin', { pin, setupCode })).token
  return {
    dataDir,
    app,
    host,
    origin,
    api,
    token,
    async stop() {
      api.close()
      await host.close()
      await app.dispose()
      await rm(dataDir, { recursive: true, force: true })
    }
  }
}
