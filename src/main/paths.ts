import { homedir } from 'node:os'
import { join } from 'node:path'

/** Default data directory for the CLI and the browser host (Electron uses its userData instead). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.length > 0 ? env.XDG_CONFIG_HOME : join(homedir(), '.config')
  return join(base, 'happy-house')
}
