import { mkdir, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { BiometricCodec } from './codec'
import { removeFileDurable, writeFileDurable } from './durable-file'
import type { AccessEvent } from './schema'
import type { Settings } from '../../shared/settings'

const SNAPSHOT_FILE = /^[0-9a-f-]{36}\.jpg$/
const DAY_MS = 24 * 60 * 60 * 1000

export function snapshotFileName(eventId: string): string {
  return `${eventId}.jpg`
}

/** Face snapshots of access attempts, one file each, encoded through the biometric codec. */
export class SnapshotFiles {
  readonly dir: string
  readonly #codec: BiometricCodec

  constructor(dir: string, codec: BiometricCodec) {
    this.dir = dir
    this.#codec = codec
  }

  async write(fileName: string, jpeg: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 })
    await writeFileDurable(join(this.dir, fileName), this.#codec.sealFile(jpeg, fileName))
  }

  async read(fileName: string): Promise<Uint8Array | null> {
    if (!SNAPSHOT_FILE.test(fileName)) return null
    try {
      return this.#codec.openFile(new Uint8Array(await readFile(join(this.dir, fileName))), fileName)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw e
    }
  }

  async remove(fileNames: readonly string[]): Promise<void> {
    for (const name of fileNames) {
      if (SNAPSHOT_FILE.test(name)) await removeFileDurable(join(this.dir, name))
    }
  }

  /** Deletes snapshot files no event refers to (left by a crash between the two steps of a purge). */
  async removeOrphans(referenced: ReadonlySet<string>): Promise<number> {
    let names: string[]
    try {
      names = await readdir(this.dir)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0
      throw e
    }
    const orphans = names.filter((n) => (SNAPSHOT_FILE.test(n) || n.endsWith('.tmp')) && !referenced.has(n))
    for (const n of orphans) await removeFileDurable(join(this.dir, n))
    return orphans.length
  }
}

/**
 * Applies snapshot retention (days and count, newest kept) to `events` in place and returns the
 * file names no longer referenced.
 */
export function applySnapshotRetention(events: AccessEvent[], retention: Settings['snapshotRetention'], now: Date): string[] {
  const oldestKept = now.getTime() - retention.days * DAY_MS
  const withSnapshot = events.filter((e) => e.snapshot !== null).sort((a, b) => Date.parse(b.time) - Date.parse(a.time))
  const dropped: string[] = []
  withSnapshot.forEach((event, rank) => {
    const tooOld = Date.parse(event.time) < oldestKept
    const tooMany = rank >= retention.count
    if (!retention.enabled || tooOld || tooMany) {
      dropped.push(event.snapshot!)
      event.snapshot = null
    }
  })
  return dropped
}

/** Drops the oldest events beyond `maxEvents` and returns their snapshot file names. */
export function applyEventLimit(data: { events: AccessEvent[] }, maxEvents: number): string[] {
  if (data.events.length <= maxEvents) return []
  data.events.sort((a, b) => Date.parse(a.time) - Date.parse(b.time))
  const removed = data.events.splice(0, data.events.length - maxEvents)
  return removed.flatMap((e) => (e.snapshot ? [e.snapshot] : []))
}
