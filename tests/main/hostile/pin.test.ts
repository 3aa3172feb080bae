import { scrypt as scryptCb } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { AdminService } from '../../../src/main/admin/admin-service'
import { ADMIN_CONFIG, adminConfigSchema } from '../../../src/main/admin/config'
import { hashPin } from '../../../src/main/admin/pin-hash'
import { adminRecordsIn } from '../../../src/main/admin/store-records'
import { createMainApp } from '../../../src/main/app'
import type { CallContext } from '../../../src/main/ipc/registry'
import { openEncryptedStore } from '../../../src/main/security'
import { startKiosk, type RunningKiosk } from '../../support/hostile-app'

/**
 * Issue 13 item 5: the administrator PIN against an attacker who guesses through the API (with or
 * without a stolen session) and one who copied the database.
 */

const scrypt = promisify(scryptCb) as (pin: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>
const FAST = adminConfigSchema.parse({ ...ADMIN_CONFIG, scrypt: { ...ADMIN_CONFIG.scrypt, N: 1024 } })
const CTX: CallContext = { transport: 'websocket', trustedSender: true, sender: 'pin test' }
const PIN = '246813'

let kiosk: RunningKiosk | null = null
const cleanup: string[] = []
afterEach(async () => {
  await kiosk?.stop()
  kiosk = null
  for (const dir of cleanup.splice(0)) await rm(dir, { recursive: true, force: true })
})

describe('PIN guessing through the API', () => {
  it('wrong current PINs in changePin count toward the lockout, and the lockout ends every session', async () => {
    kiosk = await startKiosk('hh-pin-change-', PIN)
    const { api, token } = kiosk
    const other = (await api.ok('unlockAdmin', { pin: PIN })).token
    const codes: string[] = []
    for (let i = 0; i < 6; i++) {
      const r = await api.call('changePin', { token, currentPin: String(100000 + i), newPin: '999999' })
      codes.push(r.ok ? 'OK' : r.code)
    }
    // 4 counted failures, then the 5th locks; after that the session is gone.
    expect(codes.slice(0, 4)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'])
    expect(codes[4]).toBe('LOCKED')
    expect(codes[5]).toBe('FORBIDDEN')
    expect((await api.ok('getAdminState', {})).lockedUntil).toBeGreaterThan(Date.now())
    for (const t of [token, other]) expect(await api.call('listResidents', { token: t })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    // Even the right PIN is refused while locked.
    expect(await api.call('unlockAdmin', { pin: PIN })).toMatchObject({ ok: false, code: 'LOCKED' })
  })

  it('a PIN change ends the other sessions (a stolen token stops working), and new PINs need 6 digits', async () => {
    kiosk = await startKiosk('hh-pin-sessions-', PIN)
    const { api, token } = kiosk
    const stolen = (await api.ok('unlockAdmin', { pin: PIN })).token
    expect(await api.call('changePin', { token, currentPin: PIN, newPin: '1234' })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' })
    expect(await api.call('changePin', { token, currentPin: PIN, newPin: '12345' })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' })
    await api.ok('changePin', { token, currentPin: PIN, newPin: '135792' })
    expect(await api.call('listResidents', { token: stolen })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    await api.ok('listResidents', { token })
    expect(await api.call('unlockAdmin', { pin: PIN })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    await api.ok('unlockAdmin', { pin: '135792' })
  })

  it('a first PIN shorter than 6 digits is refused', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hh-pin-short-'))
    cleanup.push(dataDir)
    const app = await createMainApp({ transport: 'websocket', dataDir })
    try {
      for (const pin of ['1234', '12345', '']) expect(await app.registry.dispatch('setupPin', { pin }, CTX)).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' })
      expect(await app.registry.dispatch('getAdminState', {}, CTX)).toMatchObject({ ok: true, value: { pinSet: false } })
    } finally {
      await app.dispose()
    }
  })
})

describe('the lockout delay keeps growing across correct PINs', () => {
  it('a correct PIN between rounds of guesses does not reset the delay', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hh-pin-growth-'))
    cleanup.push(dir)
    const store = await openEncryptedStore(dir, { activeModelId: 'm' })
    try {
      let now = Date.parse('2026-01-01T00:00:00Z')
      const admin = new AdminService(adminRecordsIn(store.settings, store.secrets), FAST, () => now)
      await admin.setupPin(PIN)
      const round = async (): Promise<number> => {
        for (let i = 0; i < FAST.maxAttempts; i++) await admin.unlock('000000').catch(() => undefined)
        const until = admin.state().lockedUntil!
        const delay = until - now
        now = until + 1
        await admin.unlock(PIN) // the correct PIN in between
        return delay
      }
      expect(await round()).toBe(FAST.lockoutBaseMs)
      expect(await round()).toBe(2 * FAST.lockoutBaseMs)
      expect(await round()).toBe(4 * FAST.lockoutBaseMs)
      // Forgotten only after a long quiet time.
      now += FAST.lockoutForgetMs + 1
      expect(await round()).toBe(FAST.lockoutBaseMs)
    } finally {
      await store.close()
    }
  })
})

describe('a copied database gives nothing to brute-force offline', () => {
  it('the stored verifier is sealed with the biometric key: the scrypt of the right PIN is not in the file', async () => {
    kiosk = await startKiosk('hh-pin-offline-', PIN)
    const copy = JSON.parse(await readFile(join(kiosk.dataDir, 'happy-house.json'), 'utf8')) as { settings: { admin: { pinHash: string; pinSalt: string; pinCodec: string } } }
    const { pinHash, pinSalt, pinCodec } = copy.settings.admin
    expect(pinCodec).toBe('aes-256-gcm-v1')
    const { keyLength: _k, ...options } = ADMIN_CONFIG.scrypt
    // The attacker's test for a guess: scrypt(guess, salt) compared with the stored value. Even the
    // right guess does not match or appear in the stored bytes.
    const rightGuess = await scrypt(PIN, Buffer.from(pinSalt, 'base64'), 32, options)
    const stored = Buffer.from(pinHash, 'base64')
    expect(stored.equals(rightGuess)).toBe(false)
    expect(stored.includes(rightGuess)).toBe(false)
    expect(stored.includes(rightGuess.subarray(0, 8))).toBe(false)
    expect(stored.subarray(0, 3).toString('ascii')).toBe('HHB') // an AES-GCM sealed value
  })

  it('a verifier stored unsealed by an older version (with a 4-digit PIN) is sealed at start and the old PIN keeps working', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hh-pin-legacy-'))
    cleanup.push(dataDir)
    const store = await openEncryptedStore(dataDir, { activeModelId: 'm' })
    const legacy = await hashPin('2468', ADMIN_CONFIG)
    await store.settings.update({ admin: { pinHash: legacy.hash, pinSalt: legacy.salt, pinCodec: null } })
    await store.close()

    const app = await createMainApp({ transport: 'websocket', dataDir })
    try {
      const admin = JSON.parse(await readFile(join(dataDir, 'happy-house.json'), 'utf8')).settings.admin
      expect(admin.pinCodec).toBe('aes-256-gcm-v1')
      expect(admin.pinHash).not.toBe(legacy.hash)
      const unlocked = await app.registry.dispatch('unlockAdmin', { pin: '2468' }, CTX)
      expect(unlocked).toMatchObject({ ok: true })
    } finally {
      await app.dispose()
    }
  })

  it('a sealed verifier moved to another salt (or tampered) does not open', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hh-pin-tamper-'))
    cleanup.push(dir)
    const store = await openEncryptedStore(dir, { activeModelId: 'm' })
    try {
      const admin = new AdminService(adminRecordsIn(store.settings, store.secrets), FAST)
      await admin.setupPin(PIN)
      const other = await hashPin('999999', FAST)
      await store.settings.update({ admin: { pinSalt: other.salt } })
      await expect(admin.unlock(PIN)).rejects.toMatchObject({ code: 'STORE_CORRUPT' })
    } finally {
      await store.close()
    }
  })
})
