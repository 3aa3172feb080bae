import { checkChain, rechain } from './audit-chain'
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

/** The codec that writes, and older codecs whose files are re-encoded with it when opened. */
export interface CodecSet {
  current: BiometricCodec
  /** E.g. the plain codec, when `current` encrypts: such databases are encrypted on open. */
  legacy: readonly BiometricCodec[]
}

export interface ParsedDatabase {
  data: DatabaseData
  /** Id of the legacy codec the file was written with, when its biometric fields were re-encoded. */
  reencodedFrom: string | null
}

function loadProblemFor(e: unknown): DatabaseLoadError {
  if (e instanceof BiometricKeyError) return new DatabaseLoadError({ kind: 'incompatible', reason: e.message }, e)
  return new DatabaseLoadError({ kind: 'corrupt', reason: `a stored photo cannot be decoded (${(e as Error).message})` })
}

/** Every biometric field must decode; with a legacy codec they are re-encoded with the current one. */
/**
 * Every biometric field must open (with its photo's id); with a `writer` they are re-encoded, and
 * values written before they were bound to their record are rebound. True when anything changed.
 */
function checkBiometricFields(data: DatabaseData, reader: BiometricCodec, writer: BiometricCodec | null): boolean {
  let changed = false
  for (const resident of data.residents) {
    for (const photo of resident.photos) {
      try {
        const embedding = reader.decodeEmbedding(photo.embedding, photo.id)
        const thumbnail = reader.decodeImage(photo.thumbnail, photo.id)
        const target = writer ?? reader
        if (writer || !reader.isBound(photo.embedding) || !reader.isBound(photo.thumbnail)) {
          photo.embedding = target.encodeEmbedding(embedding, photo.id)
          photo.thumbnail = target.encodeImage(thumbnail, photo.id)
          changed = true
        }
      } catch (e) {
        throw loadProblemFor(e)
      }
    }
  }
  return changed
}

/** Parses, migrates and validates a database file's text; biometric fields must decode too. */
export function parseDatabase(text: string, codecs: CodecSet): ParsedDatabase {
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
  const { current } = codecs
  if (data.biometricCodec === current.id) {
    // Values sealed before they were bound to their record are rebound (and the snapshots with them).
    const rebound = checkBiometricFields(data, current, null)
    return { data, reencodedFrom: rebound ? current.id : null }
  }
  const legacy = codecs.legacy.find((c) => c.id === data.biometricCodec)
  if (!legacy) {
    throw new DatabaseLoadError({
      kind: 'incompatible',
      reason: `biometric data was written with "${data.biometricCodec}" but this store reads "${current.id}"`
    })
  }
  checkBiometricFields(data, legacy, current)
  // The log's chain was computed by the old codec: an intact chain is carried over to the new one (a
  // broken chain is left as it is, to be reported when the store opens).
  if (checkChain(data, legacy).intact) rechain(data, current)
  data.biometricCodec = current.id
  return { data, reencodedFrom: legacy.id }
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
  readonly #codecs: CodecSet
  readonly #backup: BackupPolicy | null

  constructor(path: string, codecs: CodecSet, backup: BackupPolicy | null = null) {
    this.path = path
    this.#codecs = codecs
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
    return (await this.readParsed())?.data ?? null
  }

  /** Like `read`, telling whether the biometric fields were re-encoded from a legacy codec. */
  async readParsed(): Promise<ParsedDatabase | null> {
    const text = await this.readText()
    return text === null ? null : parseDatabase(text, this.#codecs)
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
