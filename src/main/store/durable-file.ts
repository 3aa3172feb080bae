import { open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * Durable file primitives. lowdb's own writer (steno 4) does temp + rename but never fsyncs,
 * so after a power cut the renamed file may be empty: we fsync the temp file before the rename
 * and the directory after it.
 */

export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.tmp`)
}

/** fsync of a directory makes a rename inside it durable (no-op where unsupported, e.g. Windows). */
export async function fsyncDir(dir: string): Promise<void> {
  let handle
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw e
  } finally {
    await handle?.close()
  }
}

/** Writes `data` to `target` so that a crash at any moment leaves either the old or the new file. */
export async function writeFileDurable(target: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const temp = tempPathFor(target)
  const handle = await open(temp, 'w', mode)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temp, target)
  await fsyncDir(dirname(target))
}

/** Removes a file durably; a missing file is fine. */
export async function removeFileDurable(target: string): Promise<void> {
  await rm(target, { force: true })
  await fsyncDir(dirname(target))
}
