import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, readlink, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runServiceCommand } from '../../../src/main/cli/service/service-command'
import { INSTALL_ROOT } from '../../../src/main/cli/service/units'

const BIN = fileURLToPath(new URL('../../../bin/happy-house.js', import.meta.url))
const SYSTEMD_ANALYZE = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => existsSync(p))
const SYSTEM_UNIT = 'etc/systemd/system/happy-house.service'
const ENABLE_LINK = 'etc/systemd/system/multi-user.target.wants/happy-house.service'
const SYSUSERS = 'etc/sysusers.d/happy-house.conf'
const HOME = '/home/kiosk'

/** systemd's own check of a unit: syntax, known options, executables that exist. */
function verify(unitPath: string, user: boolean, runtimeDir: string): { status: number | null; output: string } {
  // The user manager's checks need a runtime directory, which a CI shell may lack.
  const env = { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? runtimeDir }
  const r = spawnSync(SYSTEMD_ANALYZE!, [...(user ? ['--user'] : []), 'verify', unitPath], { encoding: 'utf8', env })
  return { status: r.status, output: `${r.stdout}${r.stderr}` }
}

describe('happy-house service', () => {
  let root: string
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'hh-service-'))
  })
  afterEach(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('installs the system service for this install under --root, enabled, and says so (real CLI process)', async () => {
    const r = spawnSync(process.execPath, [BIN, 'service', 'install', '--root', root], { encoding: 'utf8' })
    expect(r.status).toBe(0)
    expect(r.stdout).toContain(`wrote ${join(root, SYSTEM_UNIT)}`)
    expect(r.stdout).toContain('enabled:')
    expect(r.stdout).toMatch(/Next: reboot/)
    const unit = await readFile(join(root, SYSTEM_UNIT), 'utf8')
    expect(unit).toContain(`ExecStart=${process.execPath} ${INSTALL_ROOT}/scripts/supervisor.mjs --data %S/happy-house --screen cage`)
    expect(unit).not.toMatch(/@\w+@/)
    expect(await readlink(join(root, ENABLE_LINK))).toBe('/etc/systemd/system/happy-house.service')
    expect(await readFile(join(root, SYSUSERS), 'utf8')).toMatch(/^u happy-house /m)
  })

  it('reports status, is idempotent, and uninstalls everything it wrote', async () => {
    const env = { HOME }
    await runServiceCommand(['install', '--root', root], env)
    const again = await runServiceCommand(['install', '--root', root], env)
    expect(again.lines.filter((l) => l.startsWith('unchanged'))).toHaveLength(2)
    const status = await runServiceCommand(['status', '--root', root], env)
    expect(status.lines).toContain(`${join(root, SYSTEM_UNIT)}: installed, matches this install`)
    expect(status.lines).toContain(`${join(root, ENABLE_LINK)}: enabled`)
    const removed = await runServiceCommand(['uninstall', '--root', root], env)
    expect(removed.lines.filter((l) => l.startsWith('removed'))).toHaveLength(3)
    for (const path of [SYSTEM_UNIT, ENABLE_LINK, SYSUSERS]) expect(existsSync(join(root, path))).toBe(false)
    expect((await runServiceCommand(['status', '--root', root], env)).lines[0]).toMatch(/not installed$/)
  })

  it('--user writes a user service and an autostart entry in the home under --root', async () => {
    const r = await runServiceCommand(['install', '--user', '--root', root], { HOME })
    expect(r.exitCode).toBe(0)
    const unit = await readFile(join(root, HOME, '.config/systemd/user/happy-house.service'), 'utf8')
    expect(unit).toContain(`ExecStart=${process.execPath} ${INSTALL_ROOT}/scripts/supervisor.mjs --screen browser`)
    const desktop = await readFile(join(root, HOME, '.config/autostart/happy-house.desktop'), 'utf8')
    expect(desktop).toContain(`Icon=${INSTALL_ROOT}/resources/icon.svg`)
    expect(desktop).toContain('systemctl --user start happy-house.service')
  })

  it('refuses an unknown action with the usage', async () => {
    const r = await runServiceCommand(['enable'], { HOME })
    expect(r.exitCode).toBe(2)
    expect(r.lines.join('\n')).toMatch(/install\|uninstall\|status/)
  })

  it('ships units that systemd-analyze verify accepts', async () => {
    if (!SYSTEMD_ANALYZE) {
      console.log('skipped: systemd-analyze is not installed (apt-get install systemd) — the shipped units were not verified')
      return
    }
    await runServiceCommand(['install', '--root', root], { HOME })
    await runServiceCommand(['install', '--user', '--root', root], { HOME })
    const runtimeDir = await mkdtemp(join(tmpdir(), 'hh-runtime-'))
    try {
      for (const [path, user] of [[SYSTEM_UNIT, false], [join(HOME.slice(1), '.config/systemd/user/happy-house.service'), true]] as const) {
        const result = verify(join(root, path), user, runtimeDir)
        expect(result.output, path).toBe('')
        expect(result.status, `${path}: ${result.output}`).toBe(0)
      }
    } finally {
      await rm(runtimeDir, { recursive: true, force: true })
    }
  })
})
