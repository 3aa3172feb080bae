// What the kiosk shows: Chromium in kiosk mode on the launch address, either inside the `cage`
// Wayland kiosk compositor (a boot-to-kiosk system service: no desktop, cage owns the screen) or on
// the display of the session it runs in. Also keeps the screen from blanking while the kiosk runs.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']
const CAGE_CANDIDATES = ['/usr/bin/cage', '/usr/local/bin/cage']
const XSET_CANDIDATES = ['/usr/bin/xset']
const INHIBIT_CANDIDATES = ['/usr/bin/systemd-inhibit', '/bin/systemd-inhibit']
const first = (candidates) => candidates.find((p) => existsSync(p)) ?? null

/** cage when asked, or when there is no display to draw on and cage is installed. */
export function resolveScreen(screen, env) {
  if (screen !== 'auto') return screen
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return 'browser'
  return first(CAGE_CANDIDATES) ? 'cage' : 'none'
}

function chromiumArgs(url, dataDir, underCage) {
  const profile = join(dataDir, 'chromium-profile')
  mkdirSync(profile, { recursive: true, mode: 0o700 })
  const args = [
    `--app=${url}`,
    '--kiosk',
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--noerrdialogs',
    '--disable-background-networking',
    '--disable-sync',
    '--disable-session-crashed-bubble',
    '--disable-features=Translate',
    // Unattended: nobody is there to answer the camera prompt after a reboot. The page is our own,
    // served on loopback, and navigation away from it is refused by the kiosk's CSP.
    '--use-fake-ui-for-media-stream'
  ]
  if (underCage) args.push('--ozone-platform=wayland')
  // Chromium refuses to run as root without this (kiosk boxes often run as root).
  if (process.getuid?.() === 0) args.push('--no-sandbox')
  return args
}

/** The one-time launch address the host keeps in its launch file, or its plain origin (older hosts). */
export function launchAddress(host, origin) {
  if (host.launchFile && existsSync(host.launchFile)) {
    const url = readFileSync(host.launchFile, 'utf8').trim()
    if (url) return url
  }
  return `${origin}/`
}

/** Starts the screen process (a child of the supervisor, in its own group) or returns null. */
export function startScreen(kind, url, dataDir, env, log) {
  if (kind === 'none') return null
  const chromium = first(CHROMIUM_CANDIDATES)
  if (!chromium) {
    log.warn('no Chromium found: the kiosk is served but not shown (apt-get install chromium)')
    return null
  }
  let command = chromium
  let args = chromiumArgs(url, dataDir, kind === 'cage')
  if (kind === 'cage') {
    const cage = first(CAGE_CANDIDATES)
    if (!cage) {
      log.warn('cage is not installed: the kiosk is served but not shown (apt-get install cage)')
      return null
    }
    // -d: no client-side decorations; -s: allow VT switching (Ctrl+Alt+Fn) for maintenance.
    args = ['-d', '-s', '--', chromium, ...args]
    command = cage
  }
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true, env })
  child.once('error', (e) => log.error('the screen could not start', { program: command, error: e.message }))
  // Chromium is chatty on stderr; only debug level shows it.
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (text) => log.debug('screen output', { text: text.trim().slice(0, 500) }))
  return child
}

export function stopScreen(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, 'SIGTERM')
  } catch {
    // already gone
  }
}

/**
 * Screen blanking off while the kiosk runs: X screensaver/DPMS off through xset on an X display,
 * and a logind idle inhibitor (systemd-inhibit) held by a child process. Returns the undo.
 */
export function keepScreenOn(env, log) {
  const undo = []
  const xset = first(XSET_CANDIDATES)
  if (env.DISPLAY && xset) {
    const r = spawnSync(xset, ['s', 'off', '-dpms', 's', 'noblank'], { env, stdio: 'ignore', timeout: 5000 })
    if (r.status === 0) {
      log.info('screen blanking off (xset)')
      undo.push(() => spawnSync(xset, ['s', 'on', '+dpms', 's', 'blank'], { env, stdio: 'ignore', timeout: 5000 }))
    }
  }
  const inhibit = first(INHIBIT_CANDIDATES)
  if (inhibit) {
    const holder = spawn(inhibit, ['--what=idle', '--who=Happy House', '--why=door kiosk on screen', '--mode=block', 'sleep', 'infinity'], { stdio: 'ignore', env })
    holder.once('error', () => {})
    holder.once('exit', (code) => {
      if (code) log.debug('no idle inhibitor (no logind session?)', { exit: code })
    })
    undo.push(() => holder.kill('SIGTERM'))
  }
  return () => {
    for (const step of undo) step()
    if (undo.length) log.info('screen blanking restored')
  }
}
