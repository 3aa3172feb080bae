import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))
/** Face data beside the repository, as the tests use it. */
export const FACES_DIR = process.env.HAPPY_HOUSE_FACES ?? resolve(REPO_ROOT, '../shared/faces')
export const MANIFEST_PATH = join(REPO_ROOT, 'models', 'manifest.json')

/** Exits with a clear message when the face data is absent (benchmarks cannot run without it). */
export function requireDir(dir: string, what: string): string {
  if (!existsSync(dir)) {
    console.error(`${what} not found at ${dir}: put the team's face data at ../shared/faces (or set HAPPY_HOUSE_FACES)`)
    process.exit(2)
  }
  return dir
}

export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

export function hasFlag(name: string): boolean {
  return process.argv.includes(name)
}
