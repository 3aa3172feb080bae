import { readFile, stat } from 'node:fs/promises'
import { AppError } from '../../shared/errors'

/** Larger files are refused before reading (the engine refuses large pixel counts after). */
export const MAX_IMAGE_FILE_BYTES = 50 * 1024 * 1024

/** Reads an image file for the engine, with errors that say which file and what to do. */
export async function readImageFile(path: string): Promise<Uint8Array> {
  let size: number
  try {
    const info = await stat(path)
    if (!info.isFile()) throw new AppError('INVALID_PAYLOAD', `${path} is not a file: give the path of a photo`)
    size = info.size
  } catch (e) {
    if (e instanceof AppError) throw e
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', `No such image file: ${path}`)
    if (code === 'EACCES') throw new AppError('FORBIDDEN', `Not allowed to read ${path}: check its permissions`)
    throw new AppError('INVALID_PAYLOAD', `Cannot read ${path} (${code ?? 'error'})`)
  }
  if (size === 0) throw new AppError('EMPTY_INPUT', `${path} is empty`)
  if (size > MAX_IMAGE_FILE_BYTES) {
    throw new AppError('IMAGE_TOO_LARGE', `${path} is ${Math.round(size / 1024 / 1024)} MB, over ${MAX_IMAGE_FILE_BYTES / 1024 / 1024} MB: use a smaller photo`)
  }
  return new Uint8Array(await readFile(path))
}
