import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { link, mkdir, open, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { BiometricKeyError } from '../store/codec'
import { SECURITY_CONFIG } from './security-config'

/** POSIX permission checks are meaningless on Windows (ACLs): skipped there. */
const CHECK_PERMISSIONS = process.platform !== 'win32'

function modeText(mode: number): string {
  return (mode & 0o777).toString(8).padStart(4, '0')
}

/**
 * Reads a secret file, refusing it unless it is a regular file (not a symbolic link) owned by this
 * user and closed to group and others. Returns null when it does not exist.
 */
export async function readPrivateFile(path: string): Promise<Buffer | null> {
  let handle
  try {
    // O_NOFOLLOW: a symlink planted in place of the key is refused, not followed.
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return null
    if (code === 'ELOOP') throw new BiometricKeyError(`${path} is a symbolic link: the biometric key must be a plain file, refused`, 'unsafe-key-file')
    throw new BiometricKeyError(`Cannot read the biometric key ${path} (${code}): check its owner and permissions`, 'unsafe-key-file')
  }
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw new BiometricKeyError(`${path} is not a regular file: refused as biometric key`, 'unsafe-key-file')
    if (CHECK_PERMISSIONS) {
      const uid = process.getuid?.()
      if (uid !== undefined && info.uid !== uid) {
        throw new BiometricKeyError(
          `${path} belongs to user ${info.uid}, not to the user running Happy House (${uid}): another user could replace the biometric key. Fix with: chown ${uid} '${path}'`,
          'unsafe-key-file'
        )
      }
      if ((info.mode & SECURITY_CONFIG.forbiddenModeBits) !== 0) {
        throw new BiometricKeyError(
          `${path} has permissions ${modeText(info.mode)}: other users could read the key to the residents' face data. Fix with: chmod ${modeText(SECURITY_CONFIG.keyFileMode)} '${path}'`,
          'unsafe-key-file'
        )
      }
    }
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}

/**
 * Creates `path` holding `bytes` with owner-only permissions, atomically and without ever replacing
 * an existing file (a concurrent creator wins; the caller then reads its file). Returns false when
 * the file already existed.
 */
export async function createPrivateFile(path: string, bytes: Uint8Array): Promise<boolean> {
  const dir = dirname(path)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  const handle = await open(temp, 'wx', SECURITY_CONFIG.keyFileMode)
  try {
    await handle.chmod(SECURITY_CONFIG.keyFileMode) // whatever the umask
    await handle.writeFile(bytes)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    // link() fails if the target exists: never overwrites a key that may already encrypt data.
    await link(temp, path)
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw e
  } finally {
    await rm(temp, { force: true })
    await syncDir(dir)
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => null)
  if (!handle) return
  try {
    await handle.sync()
  } catch {
    // Some file systems cannot fsync a directory; the rename is still atomic.
  } finally {
    await handle.close()
  }
}
