#!/usr/bin/env node
// `npm start`: runs the kiosk in Electron when its binary is installed, otherwise serves it through the
// browser host on 127.0.0.1 and opens it in Chromium's app/kiosk mode when a Chromium is installed.
//   --browser      use the browser host even when Electron is available
//   --no-open      do not open a browser (print the address only)
//   --rebuild      rebuild before starting (done automatically when out/ is missing)
//   --data DIR, --port N    passed to the browser host
//   --log-level L  debug | info | warn | error (default info, or HAPPY_HOUSE_LOG_LEVEL)
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLogger, LOG_LEVEL_ENV, logLevelFrom } from '../src/main/log/logger.mjs'
import { kioskChildEnv } from './child-env.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const args = process.argv.slice(2)
const flag = (name) => args.includes(name)
const passThrough = args.filter((a) => !['--browser', '--no-open', '--rebuild'].includes(a))
let logLevel
try {
  logLevel = logLevelFrom(args, process.env)
} catch (e) {
  console.error(e.message)
  process.exit(2)
}
const log = createLogger('start', { level: logLevel })
// The kiosk process logs at the same level (its loggers read the environment).
const childEnv = { ...kioskChildEnv(process.env), [LOG_LEVEL_ENV]: logLevel }

function ensureBuilt() {
  const built = existsSync(join(root, 'out/main/host.js')) && existsSync(join(root, 'out/renderer/index.html'))
  if (built && !flag('--rebuild')) return
  log.info('building Happy House (electron-vite build)')
  const r = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

function electronBinary() {
  // Read what the electron package would: requiring it instead would try to download the binary.
  try {
    const pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
    const pathFile = join(pkgDir, 'path.txt')
    if (!existsSync(pathFile)) return null
    const relative = readFileSync(pathFile, 'utf8').trim()
    const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkgDir, 'dist')
    const binary = join(dist, relative)
    return existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

function findChromium() {
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (existsSync(candidate)) return candidate
  }
  return null
}

function openInChromium(url, dataDir) {
  const chromium = findChromium()
  if (!chromium) {
    log.warn('no Chromium found: open the address above in a browser (apt-get install chromium for kiosk mode)')
    return
  }
  const profile = join(dataDir, 'chromium-profile')
  mkdirSync(profile, { recursive: true })
  const chromiumArgs = [`--app=${url}`, '--kiosk', `--user-data-dir=${profile}`, '--no-first-run', '--disable-background-networking', '--disable-sync']
  // Chromium refuses to run as root without this (kiosk boxes often run as root).
  if (process.getuid?.() === 0) chromiumArgs.push('--no-sandbox')
  spawn(chromium, chromiumArgs, { stdio: 'ignore', detached: true }).unref()
  log.info('opened Chromium in kiosk mode', { program: chromium })
}

function valueOf(name, fallback) {
  const i = args.indexOf(name)
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback
}

ensureBuilt()
const electron = flag('--browser') ? null : electronBinary()
if (electron) {
  const child = spawn(electron, [root, ...passThrough], { stdio: 'inherit', env: childEnv })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  if (!flag('--browser')) log.info("Electron's binary is not installed: serving the kiosk through the browser host")
  const host = spawn(process.execPath, [join(root, 'out/main/host.js'), ...passThrough], { stdio: ['ignore', 'pipe', 'inherit'], env: childEnv })
  host.stdout.setEncoding('utf8')
  let buffer = ''
  host.stdout.on('data', (chunk) => {
    process.stdout.write(chunk)
    buffer += chunk
    const launchFile = /HAPPY_HOUSE_LAUNCH_FILE=(.+)\n/.exec(buffer)
    const match = /HAPPY_HOUSE_URL=(\S+)/.exec(buffer)
    if (match && launchFile) {
      buffer = ''
      const dataDir = valueOf('--data', process.env.HAPPY_HOUSE_DATA ?? join(process.env.XDG_CONFIG_HOME ?? join(process.env.HOME ?? root, '.config'), 'happy-house'))
      // The one-time launch address (0600 file): Chromium uses it once to get the session cookie.
      if (!flag('--no-open') && !process.env.CI) openInChromium(readFileSync(launchFile[1], 'utf8').trim(), dataDir)
    }
  })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => host.kill(signal))
  host.on('exit', (code) => process.exit(code ?? 0))
}
