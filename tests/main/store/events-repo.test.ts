import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type AccessEventInput, type Store } from '../../../src/main/store'
import { solidJpeg, tempDataDir } from '../../support/store-fixtures'

const DAY = 24 * 60 * 60 * 1000
let jpeg: Uint8Array
let dir: string
let cleanup: () => Promise<void>
let store: Store
let clock: number
const now = (): Date => new Date(clock)

function attempt(over: Partial<AccessEventInput> = {}): AccessEventInput {
  return {
    mode: 'identification',
    claimedResidentId: null,
    decidedResidentId: null,
    distance: 1.2,
    margin: null,
    frames: { agreeing: 0, considered: 5, required: 3 },
    liveness: null,
    result: 'denied',
    reason: 'not-recognised',
    doorOutcome: null,
    ...over
  }
}

beforeAll(async () => {
  jpeg = await solidJpeg(64)
})
beforeEach(async () => {
  clock = Date.parse('2025-03-01T12:00:00Z')
  ;({ dir, cleanup } = await tempDataDir())
  store = await openStore(dir, { activeModelId: 'm', now })
})
afterEach(async () => {
  await store.close()
  await cleanup()
})

async function snapshotFiles(): Promise<string[]> {
  return (await readdir(join(dir, 'snapshots')).catch(() => [])).sort()
}

describe('access events', () => {
  it('append fills id, time and names, and persist', async () => {
    const kian = await store.residents.create({ name: 'Kian' })
    const e = await store.events.append(
      attempt({ decidedResidentId: kian.id, result: 'granted', distance: 0.5, margin: 0.4, doorOutcome: { driver: 'simulated', ok: true } })
    )
    expect(e).toMatchObject({ time: '2025-03-01T12:00:00.000Z', decidedResidentName: 'Kian', snapshot: null })
    expect(e.doorOutcome).toEqual({ driver: 'simulated', ok: true, detail: null, durationMs: null })
    await store.close()
    store = await openStore(dir, { activeModelId: 'm', now })
    expect(store.events.query()).toEqual([e])
  })

  it('query filters by time, resident and result, newest first, with a limit', async () => {
    const kian = await store.residents.create({ name: 'Kian' })
    const times = ['2025-03-01T08:00:00Z', '2025-03-01T09:00:00Z', '2025-03-01T10:00:00Z', '2025-03-01T11:00:00Z']
    await store.events.append(attempt({ time: times[0], result: 'denied' }))
    await store.events.append(attempt({ time: times[1], result: 'granted', decidedResidentId: kian.id }))
    await store.events.append(attempt({ time: times[2], mode: 'verification', claimedResidentId: kian.id, result: 'locked-out' }))
    await store.events.append(attempt({ time: times[3], result: 'denied' }))

    const hours = (events: { time: string }[]): number[] => events.map((e) => new Date(e.time).getUTCHours())
    expect(hours(store.events.query())).toEqual([11, 10, 9, 8])
    expect(hours(store.events.query({ residentId: kian.id }))).toEqual([10, 9])
    expect(hours(store.events.query({ result: 'denied' }))).toEqual([11, 8])
    expect(store.events.count({ result: 'denied', limit: 1 })).toBe(2)
    expect(hours(store.events.query({ from: times[1], to: new Date(times[2]) }))).toEqual([10, 9])
    expect(hours(store.events.query({ limit: 1, offset: 1 }))).toEqual([10])
    expect(() => store.events.query({ limit: -1 })).toThrow(/limit/)
  })

  it('reject NaN, Infinity, unknown results and non-JPEG snapshots', async () => {
    await expect(store.events.append(attempt({ distance: Number.NaN }))).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' })
    await expect(store.events.append(attempt({ margin: Infinity }))).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' })
    await expect(store.events.append(attempt({ result: 'maybe' as never }))).rejects.toThrow(/result/)
    await expect(store.events.append(attempt(), { snapshotJpeg: new TextEncoder().encode('<svg/>') })).rejects.toThrow(/JPEG/)
    expect(store.events.query()).toEqual([])
  })

  it('keep snapshots within the count limit, purging the oldest files', async () => {
    await store.settings.update({ snapshotRetention: { count: 2 } })
    const ids: string[] = []
    for (let i = 0; i < 4; i++) {
      clock += 1000
      ids.push((await store.events.append(attempt(), { snapshotJpeg: jpeg })).id)
    }
    const events = store.events.query()
    expect(events.map((e) => e.snapshot !== null)).toEqual([true, true, false, false])
    expect(await snapshotFiles()).toEqual([`${ids[2]}.jpg`, `${ids[3]}.jpg`].sort())
    expect(Array.from((await store.events.snapshot(ids[3]))!)).toEqual(Array.from(jpeg))
    expect(await store.events.snapshot(ids[0])).toBeNull()
  })

  it('purge snapshots older than the retention days at open', async () => {
    await store.settings.update({ snapshotRetention: { days: 7 } })
    const old = await store.events.append(attempt(), { snapshotJpeg: jpeg })
    clock += 3 * DAY
    const recent = await store.events.append(attempt(), { snapshotJpeg: jpeg })
    await store.close()

    clock += 5 * DAY // old is now 8 days old, recent 5
    store = await openStore(dir, { activeModelId: 'm', now })
    expect(await snapshotFiles()).toEqual([`${recent.id}.jpg`])
    expect(store.events.query().find((e) => e.id === old.id)?.snapshot).toBeNull()
    // The event itself stays: only the face snapshot expires.
    expect(store.events.query()).toHaveLength(2)
  })

  it('remove orphan snapshot files at open', async () => {
    await store.events.append(attempt(), { snapshotJpeg: jpeg })
    await store.close()
    const { writeFile } = await import('node:fs/promises')
    await writeFile(join(dir, 'snapshots', '11111111-1111-4111-8111-111111111111.jpg'), jpeg)
    store = await openStore(dir, { activeModelId: 'm', now })
    expect(await snapshotFiles()).toHaveLength(1)
  })

  it('take no snapshot when retention is disabled', async () => {
    await store.settings.update({ snapshotRetention: { enabled: false } })
    const e = await store.events.append(attempt(), { snapshotJpeg: jpeg })
    expect(e.snapshot).toBeNull()
    expect(await snapshotFiles()).toEqual([])
  })

  it('drop the oldest events beyond accessLog.maxEvents', async () => {
    await store.settings.update({ accessLog: { maxEvents: 100 } })
    for (let i = 0; i < 103; i++) {
      clock += 1000
      await store.events.append(attempt({ message: `attempt ${i}` }))
    }
    const events = store.events.query({ limit: 1000 })
    expect(events).toHaveLength(100)
    expect(events.at(-1)?.message).toBe('attempt 3')
  })

  it('export every matching event as CSV', async () => {
    await store.residents.create({ name: '=cmd|calc' })
    const [r] = store.residents.list()
    await store.events.append(attempt({ decidedResidentId: r.id, result: 'granted' }))
    await store.events.append(attempt())
    const csv = store.events.exportCsv()
    expect(csv.split('\r\n')).toHaveLength(4)
    expect(csv).toContain(",'=cmd|calc,")
    expect(store.events.exportCsv({ result: 'granted' }).split('\r\n')).toHaveLength(3)
  })
})
