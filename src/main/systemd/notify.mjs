// sd_notify when systemd runs the kiosk (NOTIFY_SOCKET set): READY, STATUS, WATCHDOG. Used by the
// supervisor (browser host) and by the Electron shell (the deb's unit). Node has no AF_UNIX datagram
// sockets, so the messages go through systemd-notify (the units set NotifyAccess=all because that
// helper is a child, not the main process). Outside systemd: nothing.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'

const SYSTEMD_NOTIFY_CANDIDATES = ['/usr/bin/systemd-notify', '/bin/systemd-notify']
const MICROSECONDS_PER_MS = 1000
/** Ping the watchdog this many times per WatchdogSec, so one late ping never trips it. */
const PINGS_PER_WATCHDOG_PERIOD = 3

/**
 * `options.anyPid`: ping the watchdog even when WATCHDOG_PID names another process. The Electron
 * kiosk runs under cage, which is the unit's main process: the app is the one to prove it is alive.
 */
export function createNotifier(env, log, options = {}) {
  const binary = SYSTEMD_NOTIFY_CANDIDATES.find((p) => existsSync(p)) ?? null
  const enabled = Boolean(env.NOTIFY_SOCKET) && binary !== null
  if (env.NOTIFY_SOCKET && !binary) log.warn('NOTIFY_SOCKET is set but systemd-notify is missing: no readiness or watchdog messages')
  const send = (...messages) => {
    if (!enabled) return
    const child = spawn(binary, messages, { stdio: 'ignore', env })
    child.on('error', (e) => log.warn('systemd-notify failed', { error: e.message }))
  }
  const watchdogUsec = Number(env.WATCHDOG_USEC)
  // WATCHDOG_PID names the process systemd expects pings from; an inherited value is not ours.
  const forUs = options.anyPid === true || !env.WATCHDOG_PID || Number(env.WATCHDOG_PID) === process.pid
  const watchdogEveryMs = enabled && forUs && watchdogUsec > 0 ? watchdogUsec / MICROSECONDS_PER_MS / PINGS_PER_WATCHDOG_PERIOD : null
  return {
    watchdogEveryMs,
    ready: () => send('--ready', '--status=serving'),
    status: (text) => send(`--status=${text}`),
    watchdog: () => send('WATCHDOG=1'),
    stopping: () => send('STOPPING=1')
  }
}
