import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { BiometricCodec } from './codec'
import { writeFileDurable } from './durable-file'
import { isJpeg } from './photo-input'
import type { DatabaseData } from './schema'
import { STORE_CONFIG } from './store-config'

/**
 * Re-seals the access snapshots of a database whose biometric fields are being re-encoded (e.g. a
 * plain database opened with the encrypting codec, or values sealed before they were bound to their
 * record, `from` and `to` then being the same codec). Runs BEFORE the re-encoded database is written:
 * a crash in between leaves the old database, and the next open resumes here, skipping the files
 * that `to` already opens.
 */
export async function reencodeSnapshotFiles(dataDir: string, data: DatabaseData, from: BiometricCodec, to: BiometricCodec): Promise<number> {
  const dir = join(dataDir, STORE_CONFIG.snapshotDirName)
  const referenced = new Set(data.events.flatMap((e) => (e.snapshot ? [e.snapshot] : [])))
  let names: string[]
  try {
    names = (await readdir(dir)).filter((n) => referenced.has(n))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw e
  }
  let rewritten = 0
  for (const name of names) {
    const path = join(dir, name)
    const stored = new Uint8Array(await readFile(path))
    if (to.isBound(stored) && opens(to, stored, name)) continue
    const jpeg = from.openFile(stored, name)
    // Not a snapshot the old codec wrote: leave it, reading it later reports the problem.
    if (!isJpeg(jpeg)) continue
    await writeFileDurable(path, to.sealFile(jpeg, name))
    rewritten++
  }
  return rewritten
}

function opens(codec: BiometricCodec, stored: Uint8Array, name: string): boolean {
  try {
    codec.openFile(stored, name)
    return true
  } catch {
    return false
  }
}

/** Files moved aside by earlier recoveries: they keep whatever encoding they had then. */
export async function movedAsideFiles(dataDir: string): Promise<string[]> {
  const names = await readdir(dataDir).catch(() => [] as string[])
  return names.filter((n) => n.startsWith(STORE_CONFIG.corruptPrefix))
}

/** The codec ids recorded in the database and its backup (files that do not parse are skipped). */
export async function storedCodecIds(dataDir: string): Promise<string[]> {
  const db = join(dataDir, STORE_CONFIG.dbFileName)
  const ids: string[] = []
  for (const path of [db, db + STORE_CONFIG.backupSuffix]) {
    try {
      const id: unknown = JSON.parse(await readFile(path, 'utf-8'))?.biometricCodec
      if (typeof id === 'string') ids.push(id)
    } catch {
      // Missing or unreadable: the store's own recovery reports it.
    }
  }
  return ids
}
