import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AdminSession } from '../../../src/renderer/src/state/admin.svelte'
import { startRendererHarness, type RendererHarness } from '../support/renderer-api'

/** The administrator session against the real app: first-run PIN, wrong PINs, the token on admin calls. */
describe('AdminSession', () => {
  let h: RendererHarness

  beforeAll(async () => {
    h = await startRendererHarness()
  })

  afterAll(async () => {
    await h?.dispose()
  })

  it('chooses the first PIN, counts wrong ones, and adds the token to admin calls', async () => {
    const admin = new AdminSession(h.api)
    await admin.open()
    expect(admin.phase).toBe('setup')
    expect(admin.pinSet).toBe(false)

    admin.chooseFirstPin('135790')
    expect(admin.phase).toBe('confirm')
    await admin.confirmFirstPin('135799')
    expect(admin.phase).toBe('setup')
    expect(admin.notice).toEqual({ key: 'pin.mismatch' })
    admin.chooseFirstPin('135790')
    await admin.confirmFirstPin('135790')
    expect(admin.phase).toBe('open')
    const settings = await admin.call('getSettings', {})
    expect(settings.ok).toBe(true)

    await admin.close()
    expect(admin.phase).toBe('closed')
    // The session ended in main too: the old token is refused.
    expect((await admin.call('getSettings', {})).ok).toBe(false)

    await admin.open()
    expect(admin.phase).toBe('unlock')
    await admin.unlock('000000')
    expect(admin.notice).toMatchObject({ attemptsLeft: expect.any(Number) })
    expect(admin.phase).toBe('unlock')
    await admin.unlock('135790')
    expect(admin.phase).toBe('open')
    await admin.close()
  })
})
