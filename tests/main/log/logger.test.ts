import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createLogger, formatLine, logLevelFrom, processLogger, REDACTED } from '../../../src/main/log/logger.mjs'
import { main } from '../../../src/main/cli/main'

const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z level=(debug|info|warn|error) component=\S+ msg=("(?:[^"\\]|\\.)*"|\S+)( [\w.-]+=("(?:[^"\\]|\\.)*"|\S+))*$/
const ROOT = fileURLToPath(new URL('../../..', import.meta.url))

function capture(level?: string): { log: ReturnType<typeof createLogger>; out: string[]; err: string[] } {
  const out: string[] = []
  const err: string[] = []
  return { log: createLogger('door', { level, out: (l) => out.push(l), err: (l) => err.push(l) }), out, err }
}

describe('logger', () => {
  it('writes one line per event in the stable format, warnings and errors on stderr', () => {
    const { log, out, err } = capture()
    log.info('the door opened', { driver: 'webhook', ms: 120 })
    log.error('lock failed:\nsecond line "quoted"')
    expect(out).toHaveLength(1)
    expect(out[0]).toMatch(LINE)
    expect(out[0]).toMatch(/ level=info component=door msg="the door opened" driver=webhook ms=120$/)
    expect(err).toHaveLength(1)
    expect(err[0]).toMatch(LINE)
    expect(err[0]).not.toContain('\n')
    expect(formatLine('warn', 'x', 'y', {}, new Date(0))).toBe('1970-01-01T00:00:00.000Z level=warn component=x msg=y')
  })

  it('drops events below the level', () => {
    const { log, out, err } = capture('warn')
    log.debug('a')
    log.info('b')
    log.warn('c')
    expect(out).toEqual([])
    expect(err).toHaveLength(1)
  })

  it('never writes tokens, PINs, keys, cookies or header values', () => {
    const { log, out } = capture('debug')
    log.info('opened http://127.0.0.1:4000/launch?code=abcdefSECRET1 and #token=SECRET2', {
      pin: '123456',
      biometricKey: 'SECRET3',
      headers: { Authorization: 'Bearer SECRET4' },
      cookie: 'hh_session_4000=SECRET5',
      detail: 'Authorization: Bearer SECRET6; set hh_session_4001=SECRET7'
    })
    expect(out[0]).not.toMatch(/SECRET|123456/)
    expect(out[0]).toContain(REDACTED)
  })

  it('takes --log-level from the arguments, else HAPPY_HOUSE_LOG_LEVEL, and refuses unknown levels', () => {
    expect(logLevelFrom([], {})).toBe('info')
    expect(logLevelFrom([], { HAPPY_HOUSE_LOG_LEVEL: 'debug' })).toBe('debug')
    expect(logLevelFrom(['--log-level', 'error'], { HAPPY_HOUSE_LOG_LEVEL: 'debug' })).toBe('error')
    expect(logLevelFrom(['--log-level=warn'], {})).toBe('warn')
    expect(() => logLevelFrom(['--log-level', 'loud'], {})).toThrow(/debug, info, warn, error/)
    // The app's loggers never throw on a bad environment value: the entry points report it.
    expect(() => processLogger('x', { HAPPY_HOUSE_LOG_LEVEL: 'loud' }).debug('quiet')).not.toThrow()
  })

  it('is an option of the start script, the browser host and the CLI (a bad level is a usage error)', async () => {
    for (const script of ['scripts/start.mjs', 'out/main/host.js']) {
      const r = spawnSync(process.execPath, [`${ROOT}${script}`, '--log-level', 'loud'], { encoding: 'utf8', cwd: ROOT, timeout: 60_000 })
      expect(r.status, `${script}: ${r.stderr}`).toBe(2)
      expect(r.stderr).toMatch(/--log-level must be one of/)
    }
    const err: string[] = []
    const code = await main(['--log-level', 'loud', 'residents'], { stdout: () => {}, stderr: (t) => err.push(t), env: {} })
    expect(code).toBe(2)
    expect(err.join('')).toMatch(/--log-level must be one of/)
  })
})
