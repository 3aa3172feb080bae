/**
 * Where the engine worker's code is, in each way the main process runs:
 * - built (electron-vite: out/main, Electron or the browser host): `engine-worker.js`, its own entry
 *   in electron.vite.config.ts, next to the entry files; this module may sit in out/main/chunks/.
 * - from source (Vitest, tsx, benchmarks: this file is a .ts): `engine-worker.ts`, loaded through
 *   tsx's loader (a devDependency, as for bin/happy-house.js). Node 20 does not apply `--import`
 *   hooks from a worker's execArgv to the worker's own entry (the .ts is "unknown"), so a two-line
 *   script registers tsx in the worker first (tsx/esm/api register()) and then imports the entry.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { AppError } from '../../../shared/errors'

export interface WorkerEntry {
  /** The worker's module file. */
  file: string
  /** URL of tsx's ESM API when `file` is TypeScript, else null. */
  tsxApi: string | null
}

const BUILT_NAME = 'engine-worker.js'

/** tsx's ESM API file, from its export map (require.resolve would give the CommonJS one). */
function tsxEsmApi(from: string): string {
  const pkgFile = createRequire(from).resolve('tsx/package.json')
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> }
  return pathToFileURL(join(dirname(pkgFile), pkg.exports['./esm/api'].import.default)).href
}

export function engineWorkerEntry(moduleUrl: string = import.meta.url): WorkerEntry {
  const here = fileURLToPath(moduleUrl)
  if (here.endsWith('.ts')) {
    return { file: join(dirname(here), 'engine-worker.ts'), tsxApi: tsxEsmApi(here) }
  }
  for (const dir of [dirname(here), dirname(dirname(here))]) {
    const file = join(dir, BUILT_NAME)
    if (existsSync(file)) return { file, tsxApi: null }
  }
  throw new AppError('ENGINE_UNAVAILABLE', `The face engine's worker (${BUILT_NAME}) is missing from the build: run \`npm run build\``)
}

export function startWorker(entry: WorkerEntry, workerData: unknown): Worker {
  if (!entry.tsxApi) return new Worker(entry.file, { workerData })
  const api = JSON.stringify(entry.tsxApi)
  const file = JSON.stringify(pathToFileURL(entry.file).href)
  const bootstrap = `import(${api}).then(({ register }) => { register(); return import(${file}) })`
  return new Worker(bootstrap, { eval: true, workerData })
}
