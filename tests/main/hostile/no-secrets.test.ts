import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHost, type RunningHost } from '../../support/host'
import { connectApi, type ApiClient } from '../../support/ws-api'

/**
 * Issue 13's done-when: no secret (session token, launch cookie, PIN or its verifier, the biometric
 * key) appears in what `npm start` prints, on any process's command line, or in an API reply. The
 * kiosk is started exactly as a user starts it (scripts/start.mjs, browser host). The first-run
 * setup code is printed on purpose, on the operator's terminal only, and dies once used.
 */
const PIN = '864209'

/** Every process's command line on this machine (Linux /proc), as another local user could read it. */
function commandLines(): string[] {
  const lines: string[] = []
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      lines.push(readFileSync(join('/proc', pid, 'cmdline'), 'utf8').replaceAll('\0', ' '))
    } catch {
      // The process ended meanwhile.
    }
  }
  return lines
}

describe.skipIf(process.platform !== 'linux')('no secret leaves the kiosk', () => {
  let host: RunningHost
  let api: ApiClient
  let token: string
  const replies: string[] = []

  beforeAll(async () => {
    host = await startHost()
    api = await connectApi(host.origin, host.url)
    token = (await api.ok('setupPin', { pin: PIN, setupCode: host.setupCode() })).token
    for (const [verb, request] of [
      ['getStatus', {}],
      ['getKioskConfig', {}],
      ['getSettings', { token }],
      ['getDoorOptions', { token }],
      ['listResidents', { token }],
      ['queryLog', { token, limit: 50 }]
    ] as const) {
      replies.push(JSON.stringify(await api.call(verb as never, request as never)))
    }
  }, 180_000)
  afterAll(() => host?.stop())

  function secrets(): Record<string, string> {
    const key = readFileSync(join(host.dataDir, 'biometric.key'))
    return { token, pin: PIN, 'biometric key (hex)': key.toString('hex'), 'biometric key (base64)': key.toString('base64') }
  }

  it('npm start prints none of them', () => {
    const output = host.output()
    for (const [what, value] of Object.entries(secrets())) expect(output.includes(value), what).toBe(false)
  })

  it('no process carries one on its command line', () => {
    const lines = commandLines()
    expect(lines.some((l) => l.includes('start.mjs'))).toBe(true)
    for (const [what, value] of Object.entries(secrets())) expect(lines.filter((l) => l.includes(value)), what).toEqual([])
  })

  it('no API reply carries one, nor the PIN verifier', () => {
    const all = replies.join('\n')
    for (const [what, value] of Object.entries(secrets())) expect(all.includes(value), what).toBe(false)
    expect(all).not.toMatch(/pinHash|pinSalt|pinCodec|failedAttempts/)
  })
})
