import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempPathFor, writeFileDurable } from '../../../src/main/store/durable-file'
import { openStore } from '../../../src/main/store'
import { tempDataDir } from '../../support/store-fixtures'

let dir: string
let cleanup: () => Promise<void>
beforeEach(async () => {
  ;({ dir, cleanup } = await tempDataDir())
})
afterEach(async () => {
  await cleanup()
})

describe('writeFileDurable', () => {
  it('replaces the file whole and leaves no temp file', async () => {
    const target = join(dir, 'db.json')
    await writeFileDurable(target, 'old')
    await writeFileDurable(target, 'new content')
    expect(await readFile(target, 'utf-8')).toBe('new content')
    expect(await readdir(dir)).toEqual(['db.json'])
  })

  it('writes the temp file next to the target (same filesystem, so rename is atomic)', () => {
    expect(tempPathFor('/data/happy-house.json')).toBe('/data/.happy-house.json.tmp')
  })

  it('fails without touching the old file when the temp file cannot be written', async () => {
    const target = join(dir, 'db.json')
    await writeFileDurable(target, 'old')
    const { mkdir } = await import('node:fs/promises')
    await mkdir(tempPathFor(target)) // a directory where the temp file should go
    await expect(writeFileDurable(target, 'new')).rejects.toThrow()
    expect(await readFile(target, 'utf-8')).toBe('old')
  })
})

describe('store writes', () => {
  it('ignore a half-written temp file left by a killed writer', async () => {
    const store = await openStore(dir, { activeModelId: 'm' })
    await store.settings.update({ language: 'vi' })
    await store.close()
    await writeFile(join(dir, '.happy-house.json.tmp'), '{"version":1,"resid')
    const reopened = await openStore(dir, { activeModelId: 'm' })
    expect(reopened.notices).toEqual([])
    expect(reopened.settings.get().language).toBe('vi')
    expect(await readdir(dir)).not.toContain('.happy-house.json.tmp')
    await reopened.close()
  })

  it('serialise concurrent writes: every acknowledged change is on disk, in order', async () => {
    const store = await openStore(dir, { activeModelId: 'm' })
    const names = Array.from({ length: 25 }, (_, i) => `Resident ${i}`)
    const created = await Promise.all(names.map((name) => store.residents.create({ name })))
    expect(created.map((r) => r.name)).toEqual(names)
    const onDisk = JSON.parse(await readFile(store.dbPath, 'utf-8'))
    expect(onDisk.residents.map((r: { name: string }) => r.name)).toEqual(names)
    await store.close()
  })

  it('keep memory equal to the file when a write fails', async () => {
    const store = await openStore(dir, { activeModelId: 'm' })
    await store.residents.create({ name: 'Kian' })
    const { mkdir, rm } = await import('node:fs/promises')
    await mkdir(join(dir, '.happy-house.json.tmp'))
    await expect(store.residents.create({ name: 'Tian' })).rejects.toThrow()
    expect(store.residents.list().map((r) => r.name)).toEqual(['Kian'])
    await rm(join(dir, '.happy-house.json.tmp'), { recursive: true })
    await store.residents.create({ name: 'Tian' })
    expect(store.residents.list().map((r) => r.name)).toEqual(['Kian', 'Tian'])
    await store.close()
  })
})
