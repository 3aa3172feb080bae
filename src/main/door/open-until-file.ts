import { readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { OpenUntilStore } from './controller'

export const OPEN_UNTIL_FILE = 'door-state.json'

/**
 * "Open until" kept in `<data>/door-state.json` (0600, replaced atomically): when the kiosk stops
 * while the door is open (a crash, a power cut), the next start knows it and relocks at once.
 */
export class OpenUntilFile implements OpenUntilStore {
  readonly path: string

  constructor(dataDir: string) {
    this.path = join(dataDir, OPEN_UNTIL_FILE)
  }

  /** The recorded time (epoch ms), or null when the door was left locked or nothing is recorded. */
  async load(): Promise<number | null> {
    try {
      const value = (JSON.parse(await readFile(this.path, 'utf8')) as { openUntil?: unknown }).openUntil
      return typeof value === 'number' && Number.isFinite(value) ? value : null
    } catch {
      return null
    }
  }

  async save(openUntil: number | null): Promise<void> {
    const temp = `${this.path}.tmp`
    await writeFile(temp, JSON.stringify({ openUntil }), { mode: 0o600 })
    await rename(temp, this.path)
  }
}
