import { readFile } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultSettings, openStore, type Store } from '../../../src/main/store'
import { tempDataDir } from '../../support/store-fixtures'

let dir: string
let cleanup: () => Promise<void>
let store: Store
beforeEach(async () => {
  ;({ dir, cleanup } = await tempDataDir())
  store = await openStore(dir, { activeModelId: 'm' })
})
afterEach(async () => {
  await store.close()
  await cleanup()
})

describe('settings', () => {
  it('start from the defaults', () => {
    expect(store.settings.get()).toEqual(defaultSettings())
    expect(store.settings.get()).toMatchObject({
      mode: 'identification',
      door: { kind: 'simulated' },
      confirmMs: 500,
      language: 'en'
    })
  })

  it('merge nested objects and persist', async () => {
    await store.settings.update({ snapshotRetention: { days: 7 }, language: 'vi' })
    await store.close()
    store = await openStore(dir, { activeModelId: 'm' })
    const s = store.settings.get()
    expect(s.snapshotRetention).toEqual({ enabled: true, days: 7, count: 1000 })
    expect(s.language).toBe('vi')
  })

  it('replace the door config whole (its kind decides its fields)', async () => {
    const before = store.settings.get().door
    await store.settings.update({ door: { ...before } })
    expect(store.settings.get().door).toEqual(before)
  })

  it.each([
    [{ mode: 'open-sesame' }, /mode/],
    [{ relockMs: Number.NaN }, /relockMs/],
    [{ relockMs: Infinity }, /relockMs/],
    [{ confirmMs: 20_000 }, /confirmMs/],
    [{ door: { kind: 'teleport' } }, /door/],
    [{ bogus: 1 }, /Unknown setting "bogus"/],
    ['not an object', /must be an object/]
  ])('reject %j without writing', async (patch, message) => {
    const before = await readFile(store.dbPath, 'utf-8')
    await expect(store.settings.update(patch as never)).rejects.toMatchObject({ code: 'INVALID_PAYLOAD', message: expect.stringMatching(message) })
    expect(await readFile(store.dbPath, 'utf-8')).toBe(before)
    expect(store.settings.get()).toEqual(defaultSettings())
  })

  it('hand out copies that cannot change the stored settings', () => {
    const s = store.settings.get()
    s.snapshotRetention.days = 3
    expect(store.settings.get().snapshotRetention.days).toBe(30)
  })
})
