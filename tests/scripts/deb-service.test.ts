import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

/**
 * Issue 15: the deb boots into the kiosk. Its after-install script creates the kiosk's user and
 * installs and enables the service; after-remove stops and removes it (and, on purge, the data).
 * The scripts run for real here, as dpkg would run them, inside a scratch root (PKG_ROOT) with
 * systemctl and friends replaced by recorders.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const DEB = join(ROOT, 'resources/deb')
const SYSTEMD_ANALYZE = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => existsSync(p))
/** What electron-builder substitutes into the scripts (FpmTarget's bashTemplateOptions). */
const MACROS: Record<string, string> = { executable: 'happy-house', sanitizedProductName: 'Happy House', productFilename: 'Happy House' }
const RECORDED = ['systemctl', 'systemd-sysusers', 'update-alternatives', 'update-mime-database', 'update-desktop-database', 'apparmor_status', 'useradd']

/** electron-builder's own macro expansion: an unknown ${name} fails the build, so it fails here. */
function expandMacros(script: string): string {
  return script.replace(/\${([a-zA-Z]+)}/g, (_m, name: string) => {
    if (!(name in MACROS)) throw new Error(`Macro ${name} is not defined`)
    return MACROS[name]!
  })
}

let pkgRoot: string
let stubs: string
let calls: string

beforeEach(async () => {
  pkgRoot = await mkdtemp(join(tmpdir(), 'hh-deb-'))
  stubs = join(pkgRoot, '.stubs')
  calls = join(pkgRoot, '.calls')
  await mkdir(stubs)
  for (const name of RECORDED) {
    // apparmor_status fails: AppArmor off, so the real apparmor_parser is never reached.
    await writeFile(join(stubs, name), `#!/bin/sh\necho "${name} $*" >> '${calls}'\n${name === 'apparmor_status' ? 'exit 1' : 'exit 0'}\n`, { mode: 0o755 })
  }
  // The package's files as dpkg unpacks them (electron-builder's extraResources).
  const resources = join(pkgRoot, 'opt/Happy House/resources')
  await mkdir(join(resources, 'systemd'), { recursive: true })
  await cp(join(DEB, 'happy-house.service'), join(resources, 'systemd/happy-house.service'))
  await cp(join(ROOT, 'resources/systemd/happy-house.sysusers.conf'), join(resources, 'systemd/happy-house.sysusers.conf'))
  await cp(join(DEB, 'kiosk-session'), join(resources, 'kiosk-session'))
  await chmod(join(resources, 'kiosk-session'), 0o644)
  await mkdir(join(pkgRoot, 'run/systemd/system'), { recursive: true })
})
afterEach(async () => {
  await rm(pkgRoot, { recursive: true, force: true })
})

async function runScript(name: string, ...args: string[]): Promise<{ status: number | null; out: string; calls: string[] }> {
  const script = join(pkgRoot, `.${name}`)
  await writeFile(script, expandMacros(await readFile(join(DEB, name), 'utf8')), { mode: 0o755 })
  const r = spawnSync('bash', [script, ...args], { encoding: 'utf8', env: { PATH: `${stubs}:/usr/bin:/bin`, PKG_ROOT: pkgRoot } })
  const recorded = existsSync(calls) ? (await readFile(calls, 'utf8')).trim().split('\n') : []
  return { status: r.status, out: `${r.stdout}${r.stderr}`, calls: recorded }
}

describe('the deb package scripts', () => {
  it('after-install: creates the user, installs and enables the service, and says how to stop it', async () => {
    const r = await runScript('after-install.sh', 'configure')
    expect(r.status, r.out).toBe(0)
    expect(await readFile(join(pkgRoot, 'lib/systemd/system/happy-house.service'), 'utf8')).toBe(await readFile(join(DEB, 'happy-house.service'), 'utf8'))
    expect(existsSync(join(pkgRoot, 'usr/lib/sysusers.d/happy-house.conf'))).toBe(true)
    expect(r.calls).toEqual(
      expect.arrayContaining(['systemd-sysusers happy-house.conf', 'systemctl daemon-reload', 'systemctl enable happy-house.service', 'systemctl try-restart happy-house.service'])
    )
    // electron-builder's own steps are kept: the happy-house command on the PATH.
    expect(r.calls.some((c) => c.startsWith("update-alternatives --install /usr/bin/happy-house happy-house /opt/Happy House/happy-house"))).toBe(true)
    expect(r.out).toMatch(/reboot, and the door screen starts/)
    expect(r.out).toMatch(/systemctl stop happy-house/)
  })

  it('after-remove: an upgrade keeps the service; remove stops and removes it; purge deletes the residents’ data too', async () => {
    await runScript('after-install.sh', 'configure')
    const data = join(pkgRoot, 'var/lib/happy-house')
    await mkdir(data, { recursive: true })
    await writeFile(join(data, 'db.json'), '{}')

    expect((await runScript('after-remove.sh', 'upgrade')).status).toBe(0)
    expect(existsSync(join(pkgRoot, 'lib/systemd/system/happy-house.service'))).toBe(true)

    const removed = await runScript('after-remove.sh', 'remove')
    expect(removed.calls).toEqual(expect.arrayContaining(['systemctl stop happy-house.service', 'systemctl disable happy-house.service']))
    expect(existsSync(join(pkgRoot, 'lib/systemd/system/happy-house.service'))).toBe(false)
    expect(existsSync(join(data, 'db.json'))).toBe(true)

    expect((await runScript('after-remove.sh', 'purge')).status).toBe(0)
    expect(existsSync(data)).toBe(false)
  })

  it('electron-builder ships what the scripts install and runs them, with cage as a dependency', async () => {
    const yml = await readFile(join(ROOT, 'electron-builder.yml'), 'utf8')
    expect(yml).toMatch(/afterInstall: resources\/deb\/after-install\.sh/)
    expect(yml).toMatch(/afterRemove: resources\/deb\/after-remove\.sh/)
    expect(yml).toMatch(/depends: \[[^\]]*\bcage\b[^\]]*\]/)
    for (const [from, to] of [
      ['resources/deb/happy-house.service', 'systemd/happy-house.service'],
      ['resources/systemd/happy-house.sysusers.conf', 'systemd/happy-house.sysusers.conf'],
      ['resources/deb/kiosk-session', 'kiosk-session']
    ]) {
      expect(yml).toContain(`- from: ${from}\n    to: ${to}`)
      expect(existsSync(join(ROOT, from)), from).toBe(true)
    }
  })
})

describe('the deb service unit', () => {
  it('kiosk-session refuses to start without cage, with the exit status the unit does not restart on', async () => {
    // A PATH with the tools the script needs and no cage, whatever this machine has installed.
    const bin = join(pkgRoot, '.bin')
    await mkdir(bin)
    for (const tool of ['dirname', 'readlink']) await symlink(spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim(), join(bin, tool))
    const r = spawnSync('/bin/sh', [join(DEB, 'kiosk-session')], { encoding: 'utf8', env: { PATH: bin } })
    expect(r.status).toBe(78)
    expect(r.stderr).toMatch(/cage is not installed/)
  })

  it('is accepted by systemd-analyze verify', async () => {
    if (!SYSTEMD_ANALYZE) {
      console.log('skipped: systemd-analyze is not installed (apt-get install systemd) — the deb unit was not verified')
      return
    }
    // verify checks that ExecStart exists: point it at this checkout's copy instead of /opt.
    const unit = join(pkgRoot, 'happy-house.service')
    const text = await readFile(join(DEB, 'happy-house.service'), 'utf8')
    expect(text).toContain('ExecStart="/opt/Happy House/resources/kiosk-session"')
    await writeFile(unit, text.replace('/opt/Happy House/resources/kiosk-session', join(DEB, 'kiosk-session')))
    const r = spawnSync(SYSTEMD_ANALYZE, ['verify', unit], { encoding: 'utf8' })
    expect(`${r.stdout}${r.stderr}`).toBe('')
    expect(r.status).toBe(0)
  })
})
