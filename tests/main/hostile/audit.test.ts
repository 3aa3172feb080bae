import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createMainApp, type MainApp } from '../../../src/main/app'
import type { CallContext } from '../../../src/main/ipc/registry'
import { openEncryptedStore } from '../../../src/main/security'
import type { AccessEventDto } from '../../../src/shared/ipc/contract'
import { startKiosk, type RunningKiosk } from '../../support/hostile-app'
import { samplePhoto, solidJpeg, tempDataDir } from '../../support/store-fixtures'

/**
 * Issue 13 item 6: administration leaves a trail in the access log (who, when, what; no secrets),
 * and the log is tamper-evident: an entry edited or removed in the file while the app is stopped is
 * reported in the status at the next start, not silently accepted.
 */

const PIN = '246813'
const CTX: CallContext = { transport: 'websocket', trustedSender: true, sender: 'audit test' }
let kiosk: RunningKiosk | null = null
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  await kiosk?.stop()
  kiosk = null
  for (const c of cleanups.splice(0)) await c()
})

async function call<T>(app: MainApp, verb: string, payload: unknown): Promise<T> {
  const r = await app.registry.dispatch(verb, payload, CTX)
  if (!r.ok) throw new Error(`${verb}: ${r.code} ${r.message}`)
  return r.value as T
}

describe('the audit trail', () => {
  it('records settings changes (keys, not values), PIN events, door tests and manual opens, filterable and in the CSV', async () => {
    kiosk = await startKiosk('hh-audit-', PIN)
    const { api, token } = kiosk
    await api.ok('updateSettings', { token, patch: { relockMs: 7777, language: 'vi' } })
    await api.ok('updateSettings', { token, patch: { door: { kind: 'webhook', url: 'http://127.0.0.1:9/open', headers: { Authorization: 'Bearer hunter2-secret' } } } }).catch(() => undefined)
    await api.call('changePin', { token, currentPin: '111111', newPin: '999999' })
    await api.ok('changePin', { token, currentPin: PIN, newPin: '135792' })
    await api.call('unlockAdmin', { pin: '000000' })
    await api.ok('updateSettings', { token, patch: { door: { kind: 'simulated' } } })
    await api.ok('testDoor', { token })
    await api.ok('openDoor', { token })

    const { events } = await api.ok('queryLog', { token, result: 'admin', limit: 100 })
    const actions = events.map((e: AccessEventDto) => e.action).reverse()
    expect(actions).toEqual(expect.arrayContaining(['settings-changed', 'pin-change-failed', 'pin-changed', 'unlock-failed', 'door-test']))
    const settingsEntry = events.find((e: AccessEventDto) => e.action === 'settings-changed' && e.message?.includes('relockMs'))!
    expect(settingsEntry.message).toContain('language')
    expect(settingsEntry.message).not.toContain('7777')
    expect(settingsEntry.actor).toMatch(/^administrator [0-9a-f]{8}$/)
    expect(token).not.toContain(settingsEntry.actor!.split(' ')[1])
    expect(events.find((e: AccessEventDto) => e.action === 'unlock-failed')!.actor).toBe('PIN screen')

    const manual = await api.ok('queryLog', { token, result: 'manual' })
    expect(manual.events[0].actor).toMatch(/^administrator /)

    const onlyPin = await api.ok('queryLog', { token, action: 'pin-changed' })
    expect(onlyPin.events.map((e: AccessEventDto) => e.action)).toEqual(['pin-changed'])

    const { csv } = await api.ok('exportLogCsv', { token, result: 'admin' })
    expect(csv.split('\r\n')[0]).toContain('action,actor')
    expect(csv).toContain('pin-changed')
    // No secret anywhere in the log or the file: neither PIN, nor the webhook header, nor the token.
    const file = await readFile(join(kiosk.dataDir, 'happy-house.json'), 'utf8')
    for (const secret of [PIN, '135792', '111111', '000000', token, 'hunter2']) {
      expect(csv).not.toContain(secret)
      expect(JSON.stringify(events)).not.toContain(secret)
      if (secret !== 'hunter2') expect(file).not.toContain(secret)
    }
  })

  it('records enrollment and deletion; the deletion erases the name and the chain stays intact', async () => {
    const { dir, cleanup } = await tempDataDir('hh-audit-delete-')
    cleanups.push(cleanup)
    const store = await openEncryptedStore(dir, { activeModelId: 'm' })
    const jpeg = await solidJpeg()
    const ana = await store.residents.create({ name: 'Ana', photos: [samplePhoto('m', jpeg)] })
    await store.events.appendAudit({ action: 'resident-enrolled', actor: 'administrator 0badcafe', residentId: ana.id, message: 'enrolled' })
    await store.events.append({ mode: 'identification', claimedResidentId: null, decidedResidentId: ana.id, distance: 0.5, margin: null, frames: null, liveness: null, result: 'granted', doorOutcome: null })
    expect(JSON.stringify(store.events.query())).toContain('Ana')
    await store.residents.delete(ana.id)
    await store.events.appendAudit({ action: 'resident-deleted', actor: 'administrator 0badcafe', message: 'deleted' })
    expect(JSON.stringify(store.events.query())).not.toContain('Ana')
    expect(store.events.checkChain()).toEqual({ intact: true, unchained: 0 })
    await store.close()
    const again = await openEncryptedStore(dir, { activeModelId: 'm' })
    expect(again.auditLog).toEqual({ intact: true, message: null })
    await again.close()
  })
})

describe('a tampered log is reported, not silently accepted', () => {
  for (const tamper of ['edit', 'remove', 'reorder', 'strip-one-chain'] as const) {
    it(`${tamper}: the next start reports the break in the status and records it in the log`, async () => {
      const { dir, cleanup } = await tempDataDir(`hh-audit-${tamper}-`)
      cleanups.push(cleanup)
      let app = await createMainApp({ transport: 'websocket', dataDir: dir })
      const { token } = await call<{ token: string }>(app, 'setupPin', { pin: PIN })
      for (const relockMs of [1000, 2000, 3000, 4000]) await call(app, 'updateSettings', { token, patch: { relockMs } })
      await call(app, 'openDoor', { token })
      expect(app.status.get().auditLog).toEqual({ intact: true, message: null })
      await app.dispose()

      const path = join(dir, 'happy-house.json')
      const db = JSON.parse(await readFile(path, 'utf8'))
      const events = db.events as Record<string, unknown>[]
      expect(events.length).toBeGreaterThanOrEqual(5)
      if (tamper === 'edit') events[1].message = 'Settings changed: nothing to see'
      if (tamper === 'remove') events.splice(2, 1)
      if (tamper === 'reorder') [events[1], events[2]] = [events[2], events[1]]
      if (tamper === 'strip-one-chain') events[3].chain = null
      await writeFile(path, JSON.stringify(db))

      app = await createMainApp({ transport: 'websocket', dataDir: dir })
      try {
        const status = app.status.get().auditLog
        expect(status.intact).toBe(false)
        expect(status.message).toMatch(/integrity check at entry \d+/)
        const { token: t2 } = await call<{ token: string }>(app, 'unlockAdmin', { pin: PIN })
        const tampered = await call<{ events: AccessEventDto[] }>(app, 'queryLog', { token: t2, action: 'log-tampered' })
        expect(tampered.events).toHaveLength(1)
      } finally {
        await app.dispose()
      }
      // The break stays visible at later starts (the log now holds the chained record of it).
      app = await createMainApp({ transport: 'websocket', dataDir: dir })
      try {
        expect(app.status.get().auditLog.message).toMatch(/failed its integrity check/)
      } finally {
        await app.dispose()
      }
    })
  }

  it('removing the record of the break (once later entries follow it) breaks the chain again', async () => {
    const { dir, cleanup } = await tempDataDir('hh-audit-hide-')
    cleanups.push(cleanup)
    let app = await createMainApp({ transport: 'websocket', dataDir: dir })
    const { token } = await call<{ token: string }>(app, 'setupPin', { pin: PIN })
    for (const relockMs of [1000, 2000, 3000]) await call(app, 'updateSettings', { token, patch: { relockMs } })
    await app.dispose()
    const path = join(dir, 'happy-house.json')
    let db = JSON.parse(await readFile(path, 'utf8'))
    db.events[0].message = 'altered'
    await writeFile(path, JSON.stringify(db))
    app = await createMainApp({ transport: 'websocket', dataDir: dir })
    const { token: t2 } = await call<{ token: string }>(app, 'unlockAdmin', { pin: PIN })
    await call(app, 'updateSettings', { token: t2, patch: { relockMs: 5000 } })
    await app.dispose()
    db = JSON.parse(await readFile(path, 'utf8'))
    db.events = db.events.filter((e: { action: string }) => e.action !== 'log-tampered')
    await writeFile(path, JSON.stringify(db))
    app = await createMainApp({ transport: 'websocket', dataDir: dir })
    try {
      expect(app.status.get().auditLog.intact).toBe(false)
    } finally {
      await app.dispose()
    }
  })
})
