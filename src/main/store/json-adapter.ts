import { readFile } from 'node:fs/promises'
import type { Adapter } from 'lowdb'
import { BiometricKeyError, type BiometricCodec } from './codec'
import { writeFileDurable } from './durable-file'
import { DatabaseLoadError, migrateToCurrent } from './migrations'
import { databaseSchema, type DatabaseData } from './schema'

const MAX_ISSUES_IN_REASON = 3

function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const shown = issues.slice(0, MAX_ISSUES_IN_REASON).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
  const more = issues.length > MAX_ISSUES_IN_REASON ? ` (+${issues.length - MAX_ISSUES_IN_REASON} more)` : ''
  return shown.join('; ') + more
}

/** Parses, migrates and validates a database file's text; biometric fields must decode too. */
export function parseDatabaseText(text: string, codec: BiometricCodec): DatabaseData {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new DatabaseLoadError({ kind: 'corrupt', reason: `not valid JSON (${(e as Error).message})` })
  }
  const migrated = migrateToCurrent(raw)
  const parsed = databaseSchema.safeParse(migrated)
  if (!parsed.success) {
    throw new DatabaseLoadError({ kind: 'corrupt', reason: `schema validation failed: ${describeIssues(parsed.error.issues)}` })
  }
  const data = parsed.data
  if (data.biometricCodec !== codec.id) {
    throw new DatabaseLoadError({
      kind: 'incompatible',
      reason: `biometric data was written with "${data.biometricCodec}" but this store reads "${codec.id}"`
    })
  }
  for (const resident of data.residents) {
    for (const photo of resident.photos) {
      try {
        codec.decodeEmbedding(photo.embedding)
        codec.decodeImage(photo.thumbnail)
      } catch (e) {
        if (e instanceof BiometricKeyError) throw new DatabaseLoadError({ kind: 'incompatible', reason: e.message })
        throw new DatabaseLoadError({ kind: 'corrupt', reason: `a stored photo cannot be decoded (${(e as Error).message})` })
      }
    }
  }
  return data
}

/**
 * lowdb adapter: validated reads, durable atomic writes (temp file, fsync, rename, fsync dir).
 * Replaces lowdb/node's JSONFile, whose steno writer does not fsync.
 */
export interface BackupPolicy {
  path: string
  /** The backup follows the database at most this often (it is also refreshed at every load). */
  intervalMs: number
  /** When it was last written (ms since epoch). */
  lastWrittenAt: number
}

export class DurableJsonAdapter implements Adapter<DatabaseData> {
  readonly path: string
  readonly #codec: BiometricCodec
  readonly #backup: BackupPolicy | null

  constructor(path: string, codec: BiometricCodec, backup: BackupPolicy | null = null) {
    this.path = path
    this.#codec = codec
    this.#backup = backup
  }

  async readText(): Promise<string | null> {
    try {
      return await readFile(this.path, 'utf-8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw e
    }
  }

  async read(): Promise<DatabaseData | null> {
    const text = await this.readText()
    return text === null ? null : parseDatabaseText(text, this.#codec)
  }

  async write(data: DatabaseData): Promise<void> {
    const text = JSON.stringify(data)
    await writeFileDurable(this.path, text)
    const backup = this.#backup
    if (backup && Date.now() - backup.lastWrittenAt >= backup.intervalMs) {
      await writeFileDurable(backup.path, text)
      backup.lastWrittenAt = Date.now()
    }
  }
}
