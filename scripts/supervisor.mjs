#!/usr/bin/env node
// The kiosk's watchdog (what the systemd unit runs): starts the browser host, asks its /healthz,
// restarts it with back-off when it dies or hangs, shows it on screen (Chromium, inside `cage` on a
// boot-to-kiosk system), keeps the screen from blanking, and pings systemd's watchdog.
//   node scripts/supervisor.mjs [--data DIR] [--port N] [--no-open | --screen auto|cage|browser|none]
//                               [--log-level debug|info|warn|error] [--check-every MS] [--check-timeout MS]
//                               [--failed-checks N] [--start-timeout MS] [--stop-timeout MS]
//                               [--backoff-first MS] [--backoff-max MS]
import { existsSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createLogger } from '../src/main/log/logger.mjs'
import { kioskChildEnv } from './child-env.mjs'
import { supervisorConfig } from './supervisor/config.mjs'
import { freePort } from './supervisor/host-process.mjs'
import { createNotifier } from '../src/main/systemd/notify.mjs'
import { createSupervisor } from './supervisor/run.mjs'
import { keepScreenOn } from './supervisor/screen.mjs'

/** sysexits EX_CONFIG: the unit does not restart on it (nothing changes until someone acts). */
const EXIT_CONFIG = 78
const EXIT_USAGE = 2

let config
try {
  config = supervisorConfig(process.argv.slice(2), process.env)
} catch (e) {
  process.stderr.write(`supervisor: ${e.message}\n`)
  process.exit(EXIT_USAGE)
}
const log = createLogger('supervisor', { level: config.logLevel })
const hostScript = fileURLToPath(new URL('../out/main/host.js', import.meta.url))
if (!existsSync(hostScript)) {
  log.error('the kiosk is not built: run `npm run build` in the install directory', { missing: hostScript })
  process.exit(EXIT_CONFIG)
}
mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
const port = config.port || (await freePort())
const env = kioskChildEnv(process.env)
const notifier = createNotifier(process.env, log)
const supervisor = createSupervisor({ config: { ...config, port }, node: process.execPath, hostScript, env, log, notifier })
log.info('supervising the kiosk', { data: config.dataDir, port, screen: supervisor.screenKind, pid: process.pid })

const restoreScreen = supervisor.screenKind === 'none' ? () => {} : keepScreenOn(env, log)
const watchdog = notifier.watchdogEveryMs ? setInterval(() => notifier.watchdog(), notifier.watchdogEveryMs) : null
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    log.info('stopping', { signal })
    void supervisor.stop()
  })
}
await supervisor.run()
if (watchdog) clearInterval(watchdog)
restoreScreen()
log.info('stopped')
process.exit(0)
