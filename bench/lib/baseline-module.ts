import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, posix } from 'node:path'
import { pathToFileURL } from 'node:url'
import { REPO_ROOT } from './paths'

/**
 * Imports a source module as it was at a git revision, for an old-vs-new A/B in one process (the
 * host's load changes from minute to minute, so runs minutes apart do not compare). The module and
 * the files it imports from its own folder are taken from `rev`; imports outside that folder (e.g.
 * src/shared/errors) resolve to the current checkout. Written under .tmp/ (ignored by git).
 */
export async function importAtRevision<T>(rev: string, path: string): Promise<T> {
  const commit = git('rev-parse', '--short', `${rev}^{commit}`).trim()
  const root = join(REPO_ROOT, '.tmp', `baseline-${commit}`)
  const folder = posix.dirname(path)
  const done = new Set<string>()
  const extract = (file: string): void => {
    if (done.has(file)) return
    done.add(file)
    const source = git('show', `${commit}:${file}`).replace(/(from\s+')(\.{1,2}\/[^']+)'/g, (whole, head: string, spec: string) => {
      const target = posix.normalize(posix.join(posix.dirname(file), spec))
      if (posix.dirname(target) === folder) {
        extract(`${target}.ts`)
        return whole
      }
      return `${head}${pathToFileURL(join(REPO_ROOT, target)).href}'`
    })
    mkdirSync(dirname(join(root, file)), { recursive: true })
    writeFileSync(join(root, file), source)
  }
  extract(path)
  return (await import(pathToFileURL(join(root, path)).href)) as T
}

function git(...args: string[]): string {
  const result = spawnSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 << 20 })
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr.trim()}`)
  return result.stdout
}
