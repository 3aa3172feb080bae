// The supervisor's settings: defaults sized for a loaded 2-core kiosk, every one overridable on the
// command line (tests shorten the health checks) and validated before anything starts.
import { parseArgs } from 'node:util'
import { join } from 'node:path'
import { homedir } from 'node:os'
import { logLevelFrom } from '../../src/main/log/logger.mjs'

export const SUPERVISOR_DEFAULTS = Object.freeze({
  /** How often the host's /healthz is asked. */
  checkEveryMs: 2000,
  /** One health request gets this long to answer. */
  checkTimeoutMs: 3000,
  /** Consecutive failed checks after which a started host is taken as hung and killed. */
  failedChecks: 3,
  /** A new host may take this long to answer its first check (the face engine loads first). */
  startTimeoutMs: 120_000,
  /** SIGTERM, then this long to lock the door and close the store, then SIGKILL. */
  stopTimeoutMs: 15_000,
  /** Restart back-off: first delay, doubled per start that never became healthy, capped. */
  backoffFirstMs: 250,
  backoffMaxMs: 30_000
})

export const SCREENS = ['auto', 'cage', 'browser', 'none']

function positiveInt(name, text) {
  const n = Number(text)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number of milliseconds (or checks), not "${text}"`)
  return n
}

/** @param {string[]} argv @param {NodeJS.ProcessEnv} env */
export function supervisorConfig(argv, env) {
  const ms = (name) => ({ [name]: { type: 'string' } })
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      'no-open': { type: 'boolean', default: false },
      screen: { type: 'string' },
      'log-level': { type: 'string' },
      ...ms('check-every'),
      ...ms('check-timeout'),
      ...ms('failed-checks'),
      ...ms('start-timeout'),
      ...ms('stop-timeout'),
      ...ms('backoff-first'),
      ...ms('backoff-max')
    }
  })
  const number = (flag, key) => (values[flag] === undefined ? SUPERVISOR_DEFAULTS[key] : positiveInt(flag, values[flag]))
  const portText = values.port ?? env.HAPPY_HOUSE_PORT ?? '0'
  const port = Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a TCP port number (0 picks a free one), not "${portText}"`)
  const screen = values['no-open'] ? 'none' : (values.screen ?? 'auto')
  if (!SCREENS.includes(screen)) throw new Error(`--screen must be one of ${SCREENS.join(', ')}, not "${screen}"`)
  const config = {
    dataDir: values.data ?? env.HAPPY_HOUSE_DATA ?? join(env.XDG_CONFIG_HOME ?? join(env.HOME ?? homedir(), '.config'), 'happy-house'),
    port,
    screen,
    logLevel: logLevelFrom(argv, env),
    checkEveryMs: number('check-every', 'checkEveryMs'),
    checkTimeoutMs: number('check-timeout', 'checkTimeoutMs'),
    failedChecks: number('failed-checks', 'failedChecks'),
    startTimeoutMs: number('start-timeout', 'startTimeoutMs'),
    stopTimeoutMs: number('stop-timeout', 'stopTimeoutMs'),
    backoffFirstMs: number('backoff-first', 'backoffFirstMs'),
    backoffMaxMs: number('backoff-max', 'backoffMaxMs')
  }
  if (config.backoffMaxMs < config.backoffFirstMs) throw new Error('--backoff-max must not be below --backoff-first')
  return Object.freeze(config)
}

/** The wait before start number `failures + 1` when the last `failures` starts never became healthy. */
export function backoffDelay(config, failures) {
  if (failures <= 0) return 0
  return Math.min(config.backoffMaxMs, config.backoffFirstMs * 2 ** Math.min(failures - 1, 30))
}
