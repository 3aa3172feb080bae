import { powerSaveBlocker } from 'electron'
import { processLogger } from '../log/logger.mjs'
import { createNotifier } from '../systemd/notify.mjs'

export interface KioskSession {
  /** The door screen is up: tell systemd (Type=notify units). */
  ready(): void
  stop(): void
}

/**
 * What the Electron kiosk does for the machine it runs on: keeps the display awake (not in a
 * windowed run) and, under systemd (the deb's unit), says when it is ready and pings the watchdog
 * from the main process's event loop, so a hung main process is killed and restarted.
 */
export function startKioskSession(options: { keepDisplayOn: boolean }): KioskSession {
  const log = processLogger('shell')
  const notifier = createNotifier(process.env, log, { anyPid: true })
  const blocker = options.keepDisplayOn ? powerSaveBlocker.start('prevent-display-sleep') : null
  const watchdog = notifier.watchdogEveryMs === null ? null : setInterval(() => notifier.watchdog(), notifier.watchdogEveryMs)
  return {
    ready: () => notifier.ready(),
    stop: () => {
      notifier.stopping()
      if (watchdog) clearInterval(watchdog)
      if (blocker !== null && powerSaveBlocker.isStarted(blocker)) powerSaveBlocker.stop(blocker)
    }
  }
}
