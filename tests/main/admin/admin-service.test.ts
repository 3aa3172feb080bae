import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AdminService } from '../../../src/main/admin/admin-service'
import { ADMIN_CONFIG, adminConfigSchema } from '../../../src/main/admin/config'
import { adminRecordsIn } from '../../../src/main/admin/store-records'
import { openStore, type Store } from '../../../src/main/store'

// Same policy, cheaper scrypt: the tests make many PIN attempts; one test uses the real cost.
const FAST = adminConfigSchema.parse({ ...ADMIN_CONFIG, scrypt: { ...ADMIN_CONFIG.scrypt, N: 1024 } })
const MODEL = 'test-model'

describe('AdminService (PIN, lockout, sessions) over the real store', () => {
  let dir: string
  let store: Store
  let now = Date.parse('2026-01-01T00:00:00Z')
  const clock = () => now

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'happy-house-admin-'))
    store = await openStore(dir, { activeModelId: MODEL })
  })
  afterEach(async () => {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('sets the PIN once, stores only a salted scrypt hash, and unlocks with it', async () => {
    const admin = new AdminService(adminRecordsIn(store.settings), ADMIN_CONFIG, clock)
    expect(admin.state()).toEqual({ pinSet: false, lockedUntil: null, failedAttempts: 0, setupCodeRequired: false })
    const session = await admin.setupPin('482913')
    expect(() => admin.requireSession(session.token)).not.toThrow()
    await expect(admin.setupPin('111111')).rejects.toMatchObject({ code: 'CONFLICT' })
    const file = await readFile(store.dbPath, 'utf8')
    expect(file).not.toContain('482913')
    const { pinHash, pinSalt } = store.settings.get().admin
    expect(Buffer.from(pinHash!, 'base64')).toHaveLength(32)
    expect(Buffer.from(pinSalt!, 'base64')).toHaveLength(16)
    await expect(admin.unlock('482913')).resolves.toHaveProperty('token')
    await expect(admin.unlock('000000')).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('locks after 5 wrong PINs, with a delay that grows and survives a restart', async () => {
    let admin = new AdminService(adminRecordsIn(store.settings), FAST, clock)
    await admin.setupPin('2468')
    for (let i = 0; i < 4; i++) await expect(admin.unlock('1111')).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(admin.unlock('1111')).rejects.toMatchObject({ code: 'LOCKED' })
    const first = admin.state().lockedUntil!
    expect(first - now).toBe(FAST.lockoutBaseMs)
    // Even the right PIN is refused while locked.
    await expect(admin.unlock('2468')).rejects.toMatchObject({ code: 'LOCKED' })

    // Restart: a new store and service over the same files.
    await store.close()
    store = await openStore(dir, { activeModelId: MODEL })
    admin = new AdminService(adminRecordsIn(store.settings), FAST, clock)
    expect(admin.state().lockedUntil).toBe(first)

    now = first + 1
    for (let i = 0; i < 5; i++) await admin.unlock('1111').catch(() => undefined)
    expect(admin.state().lockedUntil! - now).toBe(2 * FAST.lockoutBaseMs)

    now = admin.state().lockedUntil! + 1
    await expect(admin.unlock('2468')).resolves.toHaveProperty('token')
    expect(admin.state()).toMatchObject({ lockedUntil: null, failedAttempts: 0 })
  })

  it('parallel wrong guesses cannot slip past the counter', async () => {
    const admin = new AdminService(adminRecordsIn(store.settings), FAST, clock)
    await admin.setupPin('2468')
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => admin.unlock('9999')))
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'OK'))
    expect(codes.filter((c) => c === 'FORBIDDEN')).toHaveLength(4)
    expect(codes.slice(4).every((c) => c === 'LOCKED')).toBe(true)
  })

  it('sessions end when locked, and after idle time', async () => {
    const admin = new AdminService(adminRecordsIn(store.settings), FAST, clock)
    const a = await admin.setupPin('2468')
    admin.lock(a.token)
    expect(() => admin.requireSession(a.token)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }))
    const b = await admin.unlock('2468')
    now += FAST.sessionIdleMs - 1
    admin.requireSession(b.token)
    now += FAST.sessionIdleMs + 1
    expect(() => admin.requireSession(b.token)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }))
  })

  it('changes the PIN only with the current one', async () => {
    const admin = new AdminService(adminRecordsIn(store.settings), FAST, clock)
    const { token } = await admin.setupPin('2468')
    await expect(admin.changePin(token, '0000', '1357')).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await admin.changePin(token, '2468', '1357')
    await expect(admin.unlock('1357')).resolves.toHaveProperty('token')
    await expect(admin.unlock('2468')).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})
