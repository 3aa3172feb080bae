/**
 * Where the engine worker's script is found, for each layout the main process runs from (no
 * Electron needed: the lookup is plain path logic). A packaged kiosk runs from
 * resources/app.asar/out/main: Electron reads files inside the archive for worker threads too
 * (asar support in workers since Electron 18), so the worker stays in the archive next to the
 * chunks and node_modules it imports; only native addons are unpacked (electron-builder.yml).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engineWorkerEntry } from '../../../src/main/engine/worker/worker-entry'

describe('engine worker entry', () => {
  let root: string
  let main: string
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'hh-worker-entry-'))
    // The packaged layout, as a plain folder named like the archive.
    main = join(root, 'resources', 'app.asar', 'out', 'main')
    mkdirSync(join(main, 'chunks'), { recursive: true })
    writeFileSync(join(main, 'engine-worker.js'), '')
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('finds engine-worker.js next to the built entry file', () => {
    expect(engineWorkerEntry(pathToFileURL(join(main, 'index.js')).href)).toEqual({ file: join(main, 'engine-worker.js'), tsxApi: null })
  })

  it('finds it from a shared chunk one folder down (the module that holds worker-entry may be bundled there)', () => {
    expect(engineWorkerEntry(pathToFileURL(join(main, 'chunks', 'app-1234.js')).href)).toEqual({ file: join(main, 'engine-worker.js'), tsxApi: null })
  })

  it('loads the TypeScript source through tsx when running from source', () => {
    const source = new URL('../../../src/main/engine/worker/worker-entry.ts', import.meta.url)
    const entry = engineWorkerEntry(source.href)
    expect(entry.file).toBe(join(dirname(fileURLToPath(source)), 'engine-worker.ts'))
    expect(entry.tsxApi).toMatch(/^file:.*tsx/)
  })

  it('a build without the worker is refused with ENGINE_UNAVAILABLE and says to build', () => {
    const empty = join(root, 'other', 'out', 'main')
    mkdirSync(empty, { recursive: true })
    let error: { code?: string; message?: string } | null = null
    try {
      engineWorkerEntry(pathToFileURL(join(empty, 'index.js')).href)
    } catch (e) {
      error = e as { code?: string; message?: string }
    }
    expect(error?.code).toBe('ENGINE_UNAVAILABLE')
    expect(error?.message).toContain('npm run build')
  })
})
