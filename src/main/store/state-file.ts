import { readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { z } from 'zod'
import { SerialQueue } from './serial-queue'

/**
 * A small piece of kiosk state kept beside the database in `<data>/<name>` (0600, replaced
 * atomically), for facts that must survive a crash or a restart but change too often, or too far
 * from the store's schema, to live in it: the door's "open until", the claim lockouts.
 * Saves run one at a time in call order, so the last saved state is the one on disk.
 */
export class StateFile<T> {
  readonly path: string
  private readonly writes = new SerialQueue()

  constructor(
    dataDir: string,
    name: string,
    private readonly schema: z.ZodType<T>
  ) {
    this.path = join(dataDir, name)
  }

  /** The saved state, or null when nothing was saved or the file is unreadable or invalid. */
  async load(): Promise<T | null> {
    try {
      const parsed = this.schema.safeParse(JSON.parse(await readFile(this.path, 'utf8')))
      return parsed.success ? parsed.data : null
    } catch {
      return null
    }
  }

  save(state: T): Promise<void> {
    return this.writes.run(async () => {
      const temp = `${this.path}.tmp`
      await writeFile(temp, JSON.stringify(state), { mode: 0o600 })
      await rename(temp, this.path)
    })
  }

  /** Resolves once every save requested so far is on disk (or failed). */
  flush(): Promise<void> {
    return this.writes.drain()
  }
}
