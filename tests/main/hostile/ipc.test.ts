import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CallContext } from '../../../src/main/ipc/registry'
import { VERBS, verbs, type RequestOf, type Verb } from '../../../src/shared/ipc/contract'
import { expectDbUnchanged } from '../../support/db-fingerprint'
import { startKiosk, type RunningKiosk } from '../../support/hostile-app'
import { scene } from '../../support/hostile-images'

/**
 * Hostile payloads for every verb of the contract, through the real app's registry (the one dispatch
 * function both transports use) and through the real browser host's WebSocket. Every one must come
 * back as a typed error, with the database unchanged.
 */

const TRUSTED: CallContext = { transport: 'websocket', trustedSender: true, sender: 'hostile test' }
const UNTRUSTED: CallContext = { transport: 'electron', trustedSender: false, sender: 'webContents#666 (other page)' }
const TOKEN = 'a'.repeat(43)
const ID = '3f0c7d8e-0000-4000-8000-000000000000'
let jpeg: Uint8Array

/** One well-typed request per verb (every key of the contract's request schema, valid). */
function validRequests(): { [V in Verb]: RequestOf<V> } {
  return {
    ping: {},
    getStatus: {},
    getKioskConfig: {},
    recognizeFrame: { frame: jpeg, capturedAt: 1_700_000_000_000 },
    claimIdentity: { code: 'kian' },
    cancelClaim: {},
    getAdminState: {},
    setupPin: { pin: '123456' },
    unlockAdmin: { pin: '1234' },
    lockAdmin: { token: TOKEN },
    changePin: { token: TOKEN, currentPin: '1234', newPin: '567890' },
    listResidents: { token: TOKEN },
    getResident: { token: TOKEN, residentId: ID },
    enrollResident: { token: TOKEN, name: 'Ana', photos: [jpeg], source: 'file', confirm: false },
    addPhotos: { token: TOKEN, residentId: ID, photos: [jpeg], source: 'camera', confirm: true },
    removePhoto: { token: TOKEN, residentId: ID, photoId: ID },
    renameResident: { token: TOKEN, residentId: ID, name: 'Ana' },
    deleteResident: { token: TOKEN, residentId: ID },
    listLookAlikes: { token: TOKEN },
    checkCapture: { token: TOKEN, frame: jpeg },
    queryLog: { token: TOKEN, from: '2025-01-01T00:00:00Z', to: '2025-12-31T00:00:00Z', residentId: ID, result: 'granted', limit: 10, offset: 0 },
    exportLogCsv: { token: TOKEN, from: '2025-01-01T00:00:00Z', result: 'denied' },
    getSnapshot: { token: TOKEN, eventId: ID },
    getSettings: { token: TOKEN },
    getDoorOptions: { token: TOKEN },
    updateSettings: { token: TOKEN, patch: { language: 'en' } },
    testDoor: { token: TOKEN },
    openDoor: { token: TOKEN }
  }
}

/** Values of another type than `valid` (and out-of-range forms of the same type). */
function wrongValuesFor(valid: unknown): unknown[] {
  const huge = 'x'.repeat(200_000)
  if (valid instanceof Uint8Array) return ['/9j/4AAQSkZJRg==', [0xff, 0xd8, 0xff], { 0: 255, 1: 216 }, { width: 2, height: 2, channels: 3, data: new Uint8Array(12) }, null, 42, new Uint8Array(0)]
  if (Array.isArray(valid)) return [valid[0], 'photo.jpg', {}, null, [], ['not bytes'], [42], Array.from({ length: 21 }, () => valid[0])]
  switch (typeof valid) {
    case 'string':
      return [12345, true, null, {}, [], huge, new Uint8Array([1, 2, 3])]
    case 'number':
      return ['1700000000000', Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null, true, {}, 1e400]
    case 'boolean':
      return ['true', 1, null, {}]
    case 'object':
      return ['{}', 42, [], null, true, { unknownSetting: 1 }]
    default:
      throw new Error(`no wrong values for ${typeof valid}`)
  }
}

/** Whole payloads of the wrong shape, for every verb. */
const WRONG_PAYLOADS: unknown[] = [null, undefined, 42, 'payload', true, [], [{}], { unexpectedKey: 1 }, new Uint8Array(8)]

let kiosk: RunningKiosk
beforeAll(async () => {
  jpeg = new Uint8Array(await scene(64, 48))
  kiosk = await startKiosk('hh-hostile-ipc-')
})
afterAll(async () => {
  await kiosk?.stop()
})

const dispatch = (verb: string, payload: unknown, context = TRUSTED) => kiosk.app.registry.dispatch(verb, payload, context)

describe('the contract refuses wrong types in every verb', () => {
  it('the well-typed base request of each verb is valid (so each wrong value below is the only fault)', () => {
    const valid = validRequests()
    for (const verb of VERBS) expect(verbs[verb].request.safeParse(valid[verb]).success, verb).toBe(true)
    expect(Object.keys(valid).sort()).toEqual([...VERBS].sort())
  })

  for (const verb of VERBS) {
    it(`${verb}: wrong payloads and a wrong type in each field → INVALID_PAYLOAD, nothing written`, async () => {
      const base = validRequests()[verb] as Record<string, unknown>
      const attempts: { label: string; payload: unknown }[] = WRONG_PAYLOADS.map((payload) => ({ label: `payload ${String(payload)}`, payload }))
      for (const [key, value] of Object.entries(base)) {
        for (const wrong of wrongValuesFor(value)) attempts.push({ label: `${key} = ${String(wrong).slice(0, 30)}`, payload: { ...base, [key]: wrong } })
      }
      await expectDbUnchanged(kiosk.dataDir, async () => {
        for (const { label, payload } of attempts) {
          const result = await dispatch(verb, payload)
          expect(result, `${verb} ${label}`).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD', message: expect.stringContaining(`Invalid request for ${verb}`) })
        }
        // The same over the real WebSocket (JSON turns NaN and Infinity into null: still refused).
        for (const { label, payload } of attempts.filter((a) => a.payload !== undefined)) {
          const result = await kiosk.api.call(verb, payload as never)
          expect(result, `ws ${verb} ${label}`).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' })
        }
      }, verb)
    })
  }

  it('a caller that failed the sender check reaches no verb, even with a valid request', async () => {
    const valid = validRequests()
    await expectDbUnchanged(kiosk.dataDir, async () => {
      for (const verb of VERBS) expect(await dispatch(verb, valid[verb], UNTRUSTED), verb).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    })
  })
})

describe('unknown channels', () => {
  const NAMES = ['nope', 'deleteAllResidents', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '', ' ping', 'PING', 'ping\u0000', 'x'.repeat(100_000)]
  for (const name of NAMES) {
    it(`"${name.slice(0, 20)}" → UNKNOWN_CHANNEL, on dispatch and on the WebSocket`, async () => {
      await expectDbUnchanged(kiosk.dataDir, async () => {
        const direct = await dispatch(name, {})
        expect(direct).toMatchObject({ ok: false, code: 'UNKNOWN_CHANNEL' })
        if (!direct.ok) expect(direct.message.length).toBeLessThan(120)
        expect(await kiosk.api.call(name as Verb, {} as never)).toMatchObject({ ok: false, code: 'UNKNOWN_CHANNEL' })
      })
    })
  }
})

describe('well-typed but hostile values', () => {
  const BAD_NAMES: [string, string][] = [
    ['NUL character', 'Ki\u0000an'],
    ['newline', 'Kian\nAdmin'],
    ['escape sequence', 'Kian\u001b[2J'],
    ['DEL character', 'Kian\u007f'],
    ['slash (path separator)', '../../etc/passwd'],
    ['backslash (path separator)', '..\\..\\windows'],
    ['right-to-left override', '\u202eKian'],
    ['zero-width space', 'Ki\u200ban'],
    ['byte-order mark inside', 'Ki\ufeffan'],
    ['only spaces', '     '],
    ['81 characters', 'K'.repeat(81)],
    ['one megabyte', 'K'.repeat(1_000_000)]
  ]
  for (const [what, name] of BAD_NAMES) {
    it(`a resident name with ${what} → INVALID_PAYLOAD when enrolling and renaming`, async () => {
      const { api, token, dataDir } = kiosk
      await expectDbUnchanged(dataDir, async () => {
        expect(await api.call('enrollResident', { token, name, photos: [jpeg], source: 'file' })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' })
        expect(await api.call('renameResident', { token, residentId: ID, name })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' })
      }, what)
    })
  }

  const BAD_PATCHES: [string, unknown][] = [
    ['NaN cooldown', { cooldownMs: Number.NaN }],
    ['infinite relock time', { relockMs: Number.POSITIVE_INFINITY }],
    ['negative cooldown', { cooldownMs: -1 }],
    ['fractional frame count', { framesToAgree: { k: 2.5 } }],
    ['k greater than n', { framesToAgree: { k: 9, n: 3 } }],
    ['snapshot days of 1e308', { snapshotRetention: { days: 1e308 } }],
    ['a file:// door webhook', { door: { kind: 'webhook', url: 'file:///etc/passwd' } }],
    ['a javascript: door webhook', { door: { kind: 'webhook', url: 'javascript:alert(1)' } }],
    ['a 3000-character door URL', { door: { kind: 'webhook', url: `http://door.local/${'a'.repeat(3000)}` } }],
    ['a door command with 65 arguments', { door: { kind: 'command', command: '/bin/true', args: Array.from({ length: 65 }, () => 'x') } }],
    ['an unknown door driver', { door: { kind: 'shell', command: 'rm -rf /' } }],
    ['a prototype-polluting patch', JSON.parse('{"__proto__": {"admin": {"pinHash": null}}}')],
    ['an attempt to reset the PIN through settings', { admin: { pinHash: null, pinSalt: null } }]
  ]
  for (const [what, patch] of BAD_PATCHES) {
    it(`a settings patch with ${what} → INVALID_PAYLOAD`, async () => {
      const { token, dataDir } = kiosk
      await expectDbUnchanged(dataDir, async () => {
        expect(await dispatch('updateSettings', { token, patch })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' })
      }, what)
      expect(({} as Record<string, unknown>).admin).toBeUndefined()
    })
  }

  it('NaN and Infinity as a frame time → INVALID_PAYLOAD before the engine runs', async () => {
    await expectDbUnchanged(kiosk.dataDir, async () => {
      for (const capturedAt of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        expect(await dispatch('recognizeFrame', { frame: jpeg, capturedAt })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' })
      }
    })
  })

  it('a frame over the size limit → INVALID_PAYLOAD', async () => {
    const oversized = new Uint8Array(25 * 1024 * 1024 + 1)
    oversized.set(jpeg)
    await expectDbUnchanged(kiosk.dataDir, async () => {
      expect(await dispatch('recognizeFrame', { frame: oversized, capturedAt: 1 })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD', message: expect.stringMatching(/larger than 25 MiB/) })
    })
  })

  it('lookups with path-like or oversized ids find nothing, typed', async () => {
    const { token, dataDir } = kiosk
    await expectDbUnchanged(dataDir, async () => {
      expect(await dispatch('getSnapshot', { token, eventId: '../../biometric.key' })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
      expect(await dispatch('getResident', { token, residentId: '../happy-house.json' })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
      expect(await dispatch('claimIdentity', { code: 'Kian\u0000; DROP TABLE residents' })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
      expect(await dispatch('claimIdentity', { code: 'k'.repeat(129) })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' })
      expect(await dispatch('claimIdentity', { code: 'kian', residentId: ID })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' })
    })
  })

  // One character changed: always different from the real token (it may itself end in 'A').
  const forge = (token: string): string => token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')

  it('admin verbs with a forged or oversized session token → FORBIDDEN or INVALID_PAYLOAD', async () => {
    await expectDbUnchanged(kiosk.dataDir, async () => {
      expect(await dispatch('listResidents', { token: TOKEN })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
      expect(await dispatch('deleteResident', { token: forge(kiosk.token), residentId: ID })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
      expect(await dispatch('listResidents', { token: 't'.repeat(129) })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' })
    })
  })
})
