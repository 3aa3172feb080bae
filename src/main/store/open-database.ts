import { access, rename, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { Low } from 'lowdb'
import { AppError } from '../../shared/errors'
import type { BiometricCodec } from './codec'
import { fsyncDir, removeFileDurable, tempPathFor, writeFileDurable } from './durable-file'
import { DurableJsonAdapter, parseDatabaseText } from './json-adapter'
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

type BackupState = { usable: true; text: string; data: DatabaseData; savedAt: Date } | { usable: false; reason: string | null }

async function readBackup(paths: DatabasePaths, codec: BiometricCodec): Promise<BackupState> {
  const backupAdapter = new DurableJsonAdapter(paths.backup, codec)
  const text = await backupAdapter.readText()
  if (text === null) return { usable: false, reason: null }
  try {
    const data = parseDatabaseText(text, codec)
    return { usable: true, text, data, savedAt: (await stat(paths.backup)).mtime }
  } catch (e) {
    if (e instanceof DatabaseLoadError) return { usable: false, reason: e.problem.reason }
    throw e
  }
}

function incompatible(e: DatabaseLoadError, file: string): AppError {
  return new AppError('STORE_CORRUPT', `Cannot open ${basename(file)}: ${e.problem.reason}. The file was left untouched.`)
}

/**
 * Loads the database, recovering from a broken file: the broken file is moved aside, the last good
 * backup restored, and every such step reported as a notice. A valid load refreshes the backup.
 */
export async function openDatabase(paths: DatabasePaths, codec: BiometricCodec, now: Date): Promise<OpenedDatabase> {
  const backupPolicy = { path: paths.backup, intervalMs: STORE_CONFIG.backupIntervalMs, lastWrittenAt: 0 }
  const adapter = new DurableJsonAdapter(paths.db, codec, backupPolicy)
  // A temp file left by a killed writer is never the committed state.
  await removeFileDurable(tempPathFor(paths.db))
  await removeFileDurable(tempPathFor(paths.backup))

  const notices: StoreNotice[] = []
  let data: DatabaseData | null = null
  let mainProblem: { reason: string; movedTo: string } | null = null

  try {
    data = await adapter.read()
  } catch (e) {
    if (!(e instanceof DatabaseLoadError)) throw e
    if (e.problem.kind === 'incompatible') throw incompatible(e, paths.db)
    mainProblem = { reason: e.problem.reason, movedTo: await moveAside(paths, paths.db, now) }
  }

  if (data === null) {
    const backup = await readBackup(paths, codec)
    if (backup.usable) {
      data = backup.data
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
      data = emptyDatabase(codec.id)
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

  // The file on disk is now valid: it becomes the last good backup.
  await writeFileDurable(paths.backup, JSON.stringify(data))
  backupPolicy.lastWrittenAt = Date.now()
  const low = new Low<DatabaseData>(adapter, data)
  return { low, adapter, notices }
}
