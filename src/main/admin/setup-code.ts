import { randomInt, timingSafeEqual } from 'node:crypto'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export const SETUP_CODE_FILE = 'setup-code'
/** Ten digits (the PIN keypad types them); rotated after a few wrong tries, so guessing is hopeless. */
const DIGITS = 10

/**
 * First run: the administrator PIN can only be set with a setup code shown on the operator's
 * terminal and kept in `<data>/setup-code` (0600), so whoever reaches the kiosk's screen (or a page
 * on the browser host) first cannot take the administrator role. The file goes once the PIN is set.
 */
export class SetupCodeFile {
  readonly path: string

  constructor(dataDir: string) {
    this.path = join(dataDir, SETUP_CODE_FILE)
  }

  /** The current code, created when there is none. */
  async ensure(): Promise<string> {
    const existing = await this.read()
    return existing ?? this.rotate()
  }

  async rotate(): Promise<string> {
    const code = Array.from({ length: DIGITS }, () => randomInt(10)).join('')
    const temp = `${this.path}.tmp`
    await writeFile(temp, `${code}\n`, { mode: 0o600 })
    await rename(temp, this.path)
    return code
  }

  async verify(given: string): Promise<boolean> {
    const code = await this.read()
    if (code === null) return false
    const a = Buffer.from(code)
    const b = Buffer.from(given.trim())
    return a.length === b.length && timingSafeEqual(a, b)
  }

  async remove(): Promise<void> {
    await rm(this.path, { force: true })
  }

  private async read(): Promise<string | null> {
    try {
      const text = (await readFile(this.path, 'utf8')).trim()
      return /^\d{10}$/.test(text) ? text : null
    } catch {
      return null
    }
  }
}

/** Where the kiosk announces the code: stdout, or a stand-in for tests. */
export interface AnnounceTarget {
  isTTY?: boolean
  write(text: string): unknown
}

/**
 * Says where the first-run setup code is. The code itself goes only to an interactive terminal: under
 * systemd stdout is the journal, which the adm and systemd-journal groups read, while the file is
 * readable by the kiosk's user (and root) alone.
 */
export function announceSetupCode(code: string, path: string, why: string, out: AnnounceTarget = process.stdout): void {
  const where = out.isTTY
    ? `is ${code} (also in ${path}, readable only by this user)`
    : `is in ${path}, readable only by the kiosk's user and root (e.g. sudo cat '${path}'); it is not written to logs`
  out.write(`[admin] ${why}: the setup code for the administrator PIN ${where}\n`)
}
