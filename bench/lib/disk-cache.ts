/**
 * Disk cache for benchmark embeddings (outside the repository, in the OS temp dir by default), so a
 * bench that only changes the decision rule does not spend half an hour re-embedding LFW-dev.
 * Keyed by the caller (model id, data dir, seed...); delete the folder or pass --no-cache to refresh.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { argValue, hasFlag } from './paths'

const CACHE_DIR = argValue('--cache-dir') ?? join(tmpdir(), 'happy-house-bench-cache')

/** Float32Array <-> base64, so embeddings survive JSON exactly. */
export const packFloats = (a: Float32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')
export function unpackFloats(s: string): Float32Array {
  const b = Buffer.from(s, 'base64')
  const out = new Float32Array(b.byteLength / 4)
  new Uint8Array(out.buffer).set(b)
  return out
}

function fileFor(key: string): string {
  return join(CACHE_DIR, `${createHash('sha256').update(key).digest('hex').slice(0, 16)}.json`)
}

/** The cached value for `key`, or compute, store and return it. */
export async function cached<T, S>(key: string, compute: () => Promise<T>, pack: (v: T) => S, unpack: (s: S) => T): Promise<T> {
  const file = fileFor(key)
  if (!hasFlag('--no-cache') && existsSync(file)) {
    console.log(`(embeddings from the cache ${file})`)
    return unpack(JSON.parse(readFileSync(file, 'utf8')) as S)
  }
  const value = await compute()
  mkdirSync(CACHE_DIR, { recursive: true })
  writeFileSync(`${file}.tmp`, JSON.stringify(pack(value)))
  renameSync(`${file}.tmp`, file)
  return value
}
