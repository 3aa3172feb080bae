import { spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { lstat, mkdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { EXIT } from '../help'
import { INSTALL_ROOT, UNIT_NAME, unitFiles, type InstallContext, type ServiceScope, type UnitFile } from './units'

export const SERVICE_USAGE = `Usage: happy-house service install|uninstall|status [--user] [--root DIR]

  install     write the systemd units for this install (${INSTALL_ROOT})
  uninstall   remove them (the kiosk's data is kept)
  status      say which are installed, and whether they match this install

  --user      a user service and an XDG autostart entry for a desktop session, instead of the
              system service that boots into the kiosk (cage on tty1, user happy-house)
  --root DIR  write under DIR instead of / (to inspect the files, or to prepare an image)
`

const SYSTEMCTL_CANDIDATES = ['/usr/bin/systemctl', '/bin/systemctl']
const KIOSK_PACKAGES: Record<string, string> = { cage: '/usr/bin/cage', chromium: '/usr/bin/chromium' }
const OTHERS_CAN_ENTER = 0o001

export interface ServiceResult {
  exitCode: number
  lines: string[]
}

const within = (root: string, path: string): string => (root === '/' ? path : join(root, path))

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8')
  } catch {
    return null
  }
}

async function linkTarget(path: string): Promise<string | null> {
  try {
    return (await lstat(path)).isSymbolicLink() ? await readlink(path) : null
  } catch {
    return null
  }
}

/** Warnings that would leave the screen dark after a reboot, said before anyone reboots. */
function preflight(ctx: InstallContext): string[] {
  const notes: string[] = []
  if (!existsSync(join(ctx.installRoot, 'out/main/host.js'))) notes.push(`warning: the kiosk is not built: run \`npm run build\` in ${ctx.installRoot}`)
  if (ctx.scope === 'system') {
    const missing = Object.entries(KIOSK_PACKAGES).filter(([, path]) => !existsSync(path)).map(([name]) => name)
    if (missing.length) notes.push(`warning: not installed: ${missing.join(', ')} (apt-get install ${missing.join(' ')})`)
    // The happy-house user must be able to reach the install (a checkout under /root is not).
    for (let dir = ctx.installRoot; dir !== dirname(dir); dir = dirname(dir)) {
      if (!(statSync(dir).mode & OTHERS_CAN_ENTER)) {
        notes.push(`warning: ${dir} is closed to other users: the happy-house user cannot run ${ctx.installRoot} (install it under /opt, or chmod o+x ${dir})`)
        break
      }
    }
  }
  return notes
}

async function install(files: UnitFile[], root: string, ctx: InstallContext): Promise<string[]> {
  const lines: string[] = []
  for (const file of files) {
    const target = within(root, file.path)
    const before = await readIfExists(target)
    await mkdir(dirname(target), { recursive: true })
    await writeFile(target, file.content, { mode: 0o644 })
    lines.push(`${before === null ? 'wrote' : before === file.content ? 'unchanged' : 'updated'} ${target} — ${file.description}`)
    if (file.enableLink) {
      const link = within(root, file.enableLink)
      await mkdir(dirname(link), { recursive: true })
      if ((await linkTarget(link)) !== file.path) {
        await rm(link, { force: true })
        await symlink(file.path, link)
        lines.push(`enabled: ${link} -> ${file.path}`)
      }
    }
  }
  lines.push(...preflight(ctx))
  lines.push(
    ctx.scope === 'system'
      ? 'Next: reboot (or: systemd-sysusers && systemctl daemon-reload && systemctl start happy-house). Stop it: systemctl stop happy-house; for good: systemctl disable happy-house.'
      : 'Next: log out and in again (or: systemctl --user daemon-reload && systemctl --user start happy-house). Stop it: systemctl --user stop happy-house.'
  )
  return lines
}

async function uninstall(files: UnitFile[], root: string, scope: ServiceScope): Promise<string[]> {
  const lines: string[] = []
  for (const file of files) {
    for (const path of [file.enableLink, file.path]) {
      if (!path) continue
      const target = within(root, path)
      const present = (await linkTarget(target)) !== null || existsSync(target)
      await rm(target, { force: true })
      lines.push(`${present ? 'removed' : 'not there'} ${target}`)
    }
  }
  lines.push(scope === 'system' ? 'The kiosk data in /var/lib/happy-house is kept (delete it yourself if it should go). Run systemctl daemon-reload.' : 'The kiosk data is kept. Run systemctl --user daemon-reload.')
  return lines
}

async function status(files: UnitFile[], root: string, scope: ServiceScope): Promise<string[]> {
  const lines: string[] = []
  for (const file of files) {
    const target = within(root, file.path)
    const content = await readIfExists(target)
    lines.push(`${target}: ${content === null ? 'not installed' : content === file.content ? 'installed, matches this install' : 'installed, differs from this install (run service install again)'}`)
    if (file.enableLink) lines.push(`${within(root, file.enableLink)}: ${(await linkTarget(within(root, file.enableLink))) === file.path ? 'enabled' : 'not enabled'}`)
  }
  const systemctl = SYSTEMCTL_CANDIDATES.find((p) => existsSync(p))
  if (root === '/' && systemctl) {
    const ask = (verb: string): string => spawnSync(systemctl, [...(scope === 'user' ? ['--user'] : []), verb, UNIT_NAME], { encoding: 'utf8' }).stdout.trim() || 'unknown'
    lines.push(`systemd: ${ask('is-active')}, ${ask('is-enabled')}`)
  }
  return lines
}

/** `happy-house service …`: never touches anything but the unit files (and the enable link). */
export async function runServiceCommand(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<ServiceResult> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { user: { type: 'boolean', default: false }, root: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } }
  })
  const action = positionals[0]
  if (values.help || positionals.length !== 1 || !['install', 'uninstall', 'status'].includes(action!)) {
    return { exitCode: values.help ? EXIT.ok : EXIT.usage, lines: [SERVICE_USAGE.trimEnd()] }
  }
  const scope: ServiceScope = values.user ? 'user' : 'system'
  const ctx: InstallContext = { scope, installRoot: INSTALL_ROOT, node: process.execPath, env }
  const root = values.root ?? '/'
  const files = await unitFiles(ctx)
  const lines = action === 'install' ? await install(files, root, ctx) : action === 'uninstall' ? await uninstall(files, root, scope) : await status(files, root, scope)
  return { exitCode: EXIT.ok, lines }
}
