import { open, readFile, rm } from 'node:fs/promises'
import { AppError } from '../../shared/errors'

/**
 * One writer per data directory: two processes writing the same JSON file would overwrite each
 * other's changes. The lock file holds the owner's pid; a lock whose process is gone is stale.
 */

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function readOwner(lockPath: string): Promise<number | null> {
  try {
    const pid = Number.parseInt((await readFile(lockPath, 'utf-8')).trim(), 10)
    return Number.isInteger(pid) && pid > 0 ? pid : null
  } catch {
    return null
  }
}

async function tryCreate(lockPath: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx', 0o600)
    try {
      await handle.writeFile(String(process.pid))
      await handle.sync()
    } finally {
      await handle.close()
    }
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw e
  }
}

export interface DirLock {
  release(): Promise<void>
}

export async function acquireDirLock(lockPath: string, dataDir: string): Promise<DirLock> {
  if (!(await tryCreate(lockPath))) {
    const owner = await readOwner(lockPath)
    if (owner !== null && processAlive(owner)) {
      const who = owner === process.pid ? 'this process already has it open' : `process ${owner} has it open (the kiosk app?)`
      throw new AppError('LOCKED', `The data directory ${dataDir} is in use: ${who}. Close it first, or use another data directory.`)
    }
    // Stale lock of a dead process (e.g. killed): take it over.
    await rm(lockPath, { force: true })
    if (!(await tryCreate(lockPath))) {
      throw new AppError('LOCKED', `The data directory ${dataDir} was locked by another process at the same moment: try again.`)
    }
  }
  let released = false
  return {
    async release() {
      if (released) return
      released = true
      await rm(lockPath, { force: true })
    }
  }
}
