import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createNotifier } from '../../../src/main/systemd/notify.mjs'

const quiet = { warn: () => {} }
const UNDER_SYSTEMD = { NOTIFY_SOCKET: '/run/systemd/notify', WATCHDOG_USEC: '60000000' }
/** The notifier sends through systemd-notify: without it there is nothing to ping with. */
const hasSystemdNotify = ['/usr/bin/systemd-notify', '/bin/systemd-notify'].some((p) => existsSync(p))

describe('systemd notifications', () => {
  it('outside systemd: no watchdog pings', () => {
    expect(createNotifier({}, quiet).watchdogEveryMs).toBeNull()
  })

  it.skipIf(!hasSystemdNotify)('pings three times per WatchdogSec; a watchdog meant for another process only with anyPid (the Electron kiosk under cage)', () => {
    expect(createNotifier(UNDER_SYSTEMD, quiet).watchdogEveryMs).toBe(20_000)
    const otherPid = { ...UNDER_SYSTEMD, WATCHDOG_PID: String(process.pid + 1) }
    expect(createNotifier(otherPid, quiet).watchdogEveryMs).toBeNull()
    expect(createNotifier(otherPid, quiet, { anyPid: true }).watchdogEveryMs).toBe(20_000)
  })
})
