/**
 * Browser host entry: runs the main-process app in plain Node and serves the kiosk to a browser.
 * Used where Electron's binary is missing, and by the end-to-end tests.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { isAppError } from '../shared/errors'
import { createMainApp } from './app'
import { createLogger, LOG_LEVEL_ENV, logLevelFrom } from './log/logger.mjs'
import { startBrowserHost } from './host/server'
import { defaultDataDir } from './paths'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.HAPPY_HOUSE_PORT ?? '0' },
    data: { type: 'string', default: process.env.HAPPY_HOUSE_DATA ?? defaultDataDir() },
    'log-level': { type: 'string' }
  }
})

let logLevel: ReturnType<typeof logLevelFrom>
try {
  logLevel = logLevelFrom(process.argv.slice(2), process.env)
} catch (e) {
  console.error((e as Error).message)
  process.exit(2)
}
// The app's own loggers (createMainApp) take their level from the environment.
process.env[LOG_LEVEL_ENV] = logLevel
const log = createLogger('host', { level: logLevel })

const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  log.error(`--port must be a TCP port number (0 picks a free one), not "${values.port}"`)
  process.exit(2)
}

const dataDir = values.data
mkdirSync(dataDir, { recursive: true, mode: 0o700 })
const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url))
const app = await createMainApp({ transport: 'websocket', dataDir, requireSetupCode: true }).catch((e: unknown) => {
  // Expected failures (e.g. a wrong or unsafe biometric key) are one clear sentence, not a stack trace.
  log.error(`Happy House could not start: ${isAppError(e) ? e.message : String(e)}`)
  process.exit(1)
})
// A one-time launch address, renewed after each use, in a 0600 file: never on stdout or a command
// line that outlives it. Opening it gives the browser the session cookie the API requires.
const launchFile = join(dataDir, 'browser-host.launch')
const host = await startBrowserHost(app, rendererDir, port, { launchFile })

log.info('Happy House kiosk (browser host) serving', { data: dataDir })
// The HAPPY_HOUSE_* lines stay bare: npm start, the supervisor and the e2e harness read them.
console.log(`HAPPY_HOUSE_LAUNCH_FILE=${launchFile}`)
console.log(`HAPPY_HOUSE_URL=${host.origin}/`)
console.log(`Open the one-time address in ${launchFile} in a browser to use the kiosk (npm start does it).`)

let closing = false
async function shutdown(): Promise<void> {
  if (closing) return
  closing = true
  await host.close()
  await app.dispose()
  process.exit(0)
}
process.on('SIGINT', () => void shutdown())
process.on('SIGTERM', () => void shutdown())
