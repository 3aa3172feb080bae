import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The install this code runs from: what the units point at. */
export const INSTALL_ROOT = fileURLToPath(new URL('../../../../', import.meta.url)).replace(/\/$/, '')
export const UNIT_NAME = 'happy-house.service'
export const SYSTEM_WANTED_BY = 'multi-user.target'
const TEMPLATES_DIR = 'resources/systemd'

export type ServiceScope = 'system' | 'user'

/** One file `service install` writes: where (inside the root), what, and the enable link if any. */
export interface UnitFile {
  /** Absolute path as the running system sees it (without --root). */
  path: string
  content: string
  description: string
  /** A symlink to `path`, as `systemctl enable` would make (path as the system sees it). */
  enableLink?: string
}

export interface InstallContext {
  scope: ServiceScope
  /** Where the install lives (the units run its scripts/supervisor.mjs). */
  installRoot: string
  /** The Node.js binary the units run. */
  node: string
  env: NodeJS.ProcessEnv
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/@(\w+)@/g, (whole, name: string) => values[name] ?? whole)
}

function userConfigDir(env: NodeJS.ProcessEnv): string {
  const home = env.HOME
  if (!env.XDG_CONFIG_HOME && !home) throw new Error('HOME is not set: cannot place a user service')
  return env.XDG_CONFIG_HOME ?? join(home!, '.config')
}

async function template(ctx: InstallContext, name: string): Promise<string> {
  const text = await readFile(join(ctx.installRoot, TEMPLATES_DIR, name), 'utf8')
  return fill(text, { NODE: ctx.node, ROOT: ctx.installRoot, ICON: join(ctx.installRoot, 'resources/icon.svg') })
}

/** The files for a scope, rendered for this install. */
export async function unitFiles(ctx: InstallContext): Promise<UnitFile[]> {
  if (ctx.scope === 'system') {
    const unitPath = join('/etc/systemd/system', UNIT_NAME)
    return [
      {
        path: unitPath,
        content: await template(ctx, 'happy-house.service.in'),
        description: 'system service (boots into the kiosk on tty1)',
        enableLink: join('/etc/systemd/system', `${SYSTEM_WANTED_BY}.wants`, UNIT_NAME)
      },
      { path: '/etc/sysusers.d/happy-house.conf', content: await template(ctx, 'happy-house.sysusers.conf'), description: 'the happy-house user (systemd-sysusers)' }
    ]
  }
  const config = userConfigDir(ctx.env)
  return [
    { path: join(config, 'systemd/user', UNIT_NAME), content: await template(ctx, 'happy-house-user.service.in'), description: 'user service' },
    { path: join(config, 'autostart/happy-house.desktop'), content: await template(ctx, 'happy-house.desktop.in'), description: 'autostart entry (starts the user service at login)' }
  ]
}
