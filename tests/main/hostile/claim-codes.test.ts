import { afterEach, describe, expect, it } from 'vitest'
import { createMainApp, type MainApp } from '../../../src/main/app'
import type { CallContext } from '../../../src/main/ipc/registry'
import { samplePhoto, solidJpeg, tempDataDir } from '../../support/store-fixtures'

/**
 * Issue 13 item 7: in verification mode the kiosk can stop listing who lives here. With claims by
 * name off, the public API lists nobody, a name or a tap claims nothing, only a resident's badge
 * code (their id) does, and codes that match nobody count toward the lockout.
 */

const CTX: CallContext = { transport: 'websocket', trustedSender: true, sender: 'claim codes test' }
const PIN = '246813'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function verificationKiosk(claimByName: boolean): Promise<{ app: MainApp; kian: string }> {
  const { dir, cleanup } = await tempDataDir('hh-claim-codes-')
  cleanups.push(cleanup)
  const app = await createMainApp({ transport: 'websocket', dataDir: dir })
  cleanups.push(() => app.dispose())
  const setup = await app.registry.dispatch('setupPin', { pin: PIN }, CTX)
  if (!setup.ok) throw new Error(setup.message)
  const token = (setup.value as { token: string }).token
  const updated = await app.registry.dispatch('updateSettings', { token, patch: { mode: 'verification', claimByName } }, CTX)
  if (!updated.ok) throw new Error(updated.message)
  const kian = await app.store.residents.create({ name: 'Kian', photos: [samplePhoto(app.store.activeModelId, await solidJpeg())] })
  return { app, kian: kian.id }
}

const call = (app: MainApp, verb: string, payload: unknown) => app.registry.dispatch(verb, payload, CTX)

describe('claims by badge code only', () => {
  it('by default the names are listed and a typed name claims', async () => {
    const { app, kian } = await verificationKiosk(true)
    expect(await call(app, 'getKioskConfig', {})).toMatchObject({ ok: true, value: { claimByName: true, claimable: [{ id: kian, name: 'Kian' }] } })
    expect(await call(app, 'claimIdentity', { code: 'Kian' })).toMatchObject({ ok: true, value: { residentId: kian } })
  })

  it('with names off: nobody is listed, names and taps claim nothing, the badge code does', async () => {
    const { app, kian } = await verificationKiosk(false)
    expect(await call(app, 'getKioskConfig', {})).toMatchObject({ ok: true, value: { claimByName: false, claimable: [] } })
    expect(await call(app, 'claimIdentity', { code: 'Kian' })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    expect(await call(app, 'claimIdentity', { residentId: kian })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' })
    expect(await call(app, 'claimIdentity', { code: ` ${kian.toUpperCase()} ` })).toMatchObject({ ok: true, value: { residentId: kian, name: 'Kian' } })
  })

  it('guessing codes locks claims at this door: the third wrong code starts the lockout, then even the right code waits', async () => {
    const { app, kian } = await verificationKiosk(false)
    expect(await call(app, 'claimIdentity', { code: 'Benoit' })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    expect(await call(app, 'claimIdentity', { code: 'Dan' })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    const third = await call(app, 'claimIdentity', { code: 'Ana' })
    expect(third).toMatchObject({ ok: false, code: 'LOCKED' })
    expect(await call(app, 'claimIdentity', { code: 'Zoe' })).toMatchObject({ ok: false, code: 'LOCKED' })
    expect(await call(app, 'claimIdentity', { code: kian })).toMatchObject({ ok: false, code: 'LOCKED' })
  })
})
