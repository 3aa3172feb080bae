import { access, rename, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { Low } from 'lowdb'
import { AppError } from '../../shared/errors'
import { BiometricKeyError } from './codec'
import { movedAsideFiles } from './codec-migration'
import { fsyncDir, removeFileDurable, tempPathFor, writeFileDurable } from './durable-file'
import { DurableJsonAdapter, parseDatabase, type CodecSet } from './json-adapter'
import { DatabaseLoadError } from './migrations'
import type { StoreNotice } from './notices'
import { emptyDatabase, type DatabaseData } from './schema'
import { STORE_CONFIG } from './store-config'

export interface DatabasePaths {
  dataDir: string
  db: string
  backup: string
}

export function databasePaths(dataDir: string): DatabasePaths {
  const db = join(dataDir, STORE_CONFIG.dbFileName)
  return { dataDir, db, backup: db + STORE_CONFIG.backupSuffix }
}

export interface OpenedDatabase {
  low: Low<DatabaseData>
  adapter: DurableJsonAdapter
  notices: StoreNotice[]
}

export interface OpenDatabaseHooks {
  /**
   * Called when the loaded file's biometric fields were re-encoded from a legacy codec, before the
   * re-encoded database replaces it (re-seal files kept outside the JSON). Returns how many it did.
   */
  beforeReencodedWrite?: (data: DatabaseData, from: string) => Promise<number>
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}

function timestampForFileName(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-')
}

/** Renames an unusable file to happy-house.corrupt-<timestamp>[-n].json and returns the new path. */
async function moveAside(paths: DatabasePaths, file: string, now: Date): Promise<string> {
  const stamp = timestampForFileName(now)
  for (let n = 0; ; n++) {
    const suffix = n === 0 ? '' : `-${n}`
    const target = join(paths.dataDir, `${STORE_CONFIG.corruptPrefix}${stamp}${suffix}.json`)
    if (!(await exists(target))) {
      await rename(file, target)
      await fsyncDir(paths.dataDir)
      return target
    }
  }
}

type BackupState =
  | { usable: true; text: string; data: DatabaseData; reencodedFrom: string | null; savedAt: Date }
  | { usable: false; reason: string | null }

async function readBackup(paths: DatabasePaths, codecs: CodecSet): Promise<BackupState> {
  const backupAdapter = new DurableJsonAdapter(paths.backup, codecs)
  const text = await backupAdapter.readText()
  if (text === null) return { usable: false, reason: null }
  try {
    const { data, reencodedFrom } = parseDatabase(text, codecs)
    return { usable: true, text, data, reencodedFrom, savedAt: (await stat(paths.backup)).mtime }
  } catch (e) {
    if (!(e instanceof DatabaseLoadError)) throw e
    // A backup this build must not touch (other key, newer schema) is never moved aside as damaged.
    if (e.problem.kind === 'incompatible') throw incompatible(e, paths.backup)
    return { usable: false, reason: e.problem.reason }
  }
}

/** A valid file this build must not touch: the error says why, the file stays as it is. */
function incompatible(e: DatabaseLoadError, file: string): AppError {
  const message = `Cannot open ${basename(file)}: ${e.problem.reason}. The file was left untouched.`
  if (e.source instanceof BiometricKeyError) return new BiometricKeyError(message, e.source.problem)
  return new AppError('STORE_CORRUPT', message)
}

async function reencodedNotice(paths: DatabasePaths, data: DatabaseData, from: string, files: number): Promise<StoreNotice> {
  const photos = data.residents.reduce((n, r) => n + r.photos.length, 0)
  const leftovers = await movedAsideFiles(paths.dataDir)
  const warning =
    leftovers.length > 0
      ? ` Files moved aside earlier (${leftovers.join(', ')}) keep their old encoding: delete them once they are no longer needed.`
      : ''
  return {
    kind: 'reencoded',
    severity: leftovers.length > 0 ? 'warning' : 'info',
    message:
      from === data.biometricCodec
        ? `Biometric data sealed before it was bound to its records was sealed again, bound to them (${photos} photo(s), ${files} snapshot file(s)); the old backup was replaced.${warning}`
        : `Biometric data written as "${from}" was re-encoded as "${data.biometricCodec}" (${photos} photo(s), ${files} snapshot file(s)); the old backup was replaced.${warning}`
  }
}

/**
 * Loads the database, recovering from a broken file: the broken file is moved aside, the last good
 * backup restored, and every such step reported as a notice. A valid load refreshes the backup.
 */
export async function openDatabase(paths: DatabasePaths, codecs: CodecSet, now: Date, hooks: OpenDatabaseHooks = {}): Promise<OpenedDatabase> {
  const backupPolicy = { path: paths.backup, intervalMs: STORE_CONFIG.backupIntervalMs, lastWrittenAt: 0 }
  const adapter = new DurableJsonAdapter(paths.db, codecs, backupPolicy)
  // A temp file left by a killed writer is never the committed state.
  await removeFileDurable(tempPathFor(paths.db))
  await removeFileDurable(tempPathFor(paths.backup))

  const notices: StoreNotice[] = []
  let data: DatabaseData | null = null
  let reencodedFrom: string | null = null
  let mainDamage: string | null = null

  try {
    const parsed = await adapter.readParsed()
    data = parsed?.data ?? null
    reencodedFrom = parsed?.reencodedFrom ?? null
  } catch (e) {
    if (!(e instanceof DatabaseLoadError)) throw e
    if (e.problem.kind === 'incompatible') throw incompatible(e, paths.db)
    mainDamage = e.problem.reason
  }

  if (data === null) {
    // The backup is read first: if it cannot be opened with this key, nothing is moved at all.
    const backup = await readBackup(paths, codecs)
    const mainProblem = mainDamage === null ? null : { reason: mainDamage, movedTo: await moveAside(paths, paths.db, now) }
    if (backup.usable) {
      data = backup.data
      reencodedFrom = backup.reencodedFrom
      await writeFileDurable(paths.db, backup.text)
      const since = `changes made after ${backup.savedAt.toISOString()} (when the backup was saved) may be missing`
      notices.push(
        mainProblem
          ? {
              kind: 'restored-from-backup',
              severity: 'warning',
              message: `The database was damaged (${mainProblem.reason}). It was moved to ${basename(mainProblem.movedTo)} and the last good backup was restored: ${since}.`,
              movedTo: mainProblem.movedTo,
              reason: mainProblem.reason
            }
          : {
              kind: 'restored-missing-file',
              severity: 'warning',
              message: `The database file was missing; the last good backup was restored: ${since}.`
            }
      )
    } else {
      const backupMovedTo = backup.reason !== null ? await moveAside(paths, paths.backup, now) : undefined
      data = emptyDatabase(codecs.current.id)
      await adapter.write(data)
      if (mainProblem || backup.reason !== null) {
        const what = mainProblem ? `The database was damaged (${mainProblem.reason}) and moved to ${basename(mainProblem.movedTo)}. ` : ''
        const backupWhat =
          backup.reason !== null ? `The backup was damaged too (${backup.reason}) and moved to ${basename(backupMovedTo!)}. ` : 'There was no backup. '
        notices.push({
          kind: 'started-empty',
          severity: 'error',
          message: `${what}${backupWhat}Happy House started with an empty database: residents must be enrolled again (the moved files are kept for manual recovery).`,
          movedTo: mainProblem?.movedTo ?? backupMovedTo,
          reason: mainProblem?.reason ?? backup.reason ?? undefined
        })
      } else {
        notices.push({ kind: 'created', severity: 'info', message: `Created a new database in ${paths.dataDir}.` })
      }
    }
  }

  if (reencodedFrom !== null) {
    const files = (await hooks.beforeReencodedWrite?.(data, reencodedFrom)) ?? 0
    await writeFileDurable(paths.db, JSON.stringify(data))
    notices.push(await reencodedNotice(paths, data, reencodedFrom, files))
  }

  // The file on disk is now valid: it becomes the last good backup (replacing an old-codec one).
  await writeFileDurable(paths.backup, JSON.stringify(data))
  backupPolicy.lastWrittenAt = Date.now()
  const low = new Low<DatabaseData>(adapter, data)
  return { low, adapter, notices }
}
