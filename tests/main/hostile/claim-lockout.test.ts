import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AccessDecider } from '../../../src/main/access/decider'
import type { AccessDecision } from '../../../src/main/access/types'
import { CLAIM_LOCKOUTS_FILE, openClaimLockouts } from '../../../src/main/features/claim-lockouts'
import { THRESHOLDS, run } from '../access/frames'

/**
 * Issue 13 item 9: failed identity claims and lockouts survive a restart, so restarting the kiosk
 * (a power cut, or a crash provoked on purpose) gives an attacker no fresh attempts.
 */

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function newDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hh-claims-'))
  dirs.push(dir)
  return dir
}

const LOCKOUT = { maxFailures: 3, windowMs: 300_000, baseMs: 60_000 }
const benoitAsKian = { nearest: 'benoit', distance: 0.6, second: 'kian', secondDistance: 1.3 }

/** A kiosk's decider as createMainApp builds it: lockouts loaded from and saved to the data dir. */
async function startKiosk(dataDir: string) {
  const lockouts = await openClaimLockouts(dataDir)
  const decider = new AccessDecider({
    config: { mode: 'verification', liveness: { mode: 'off' }, agreement: { confirmMs: 300 }, lockout: LOCKOUT },
    thresholds: THRESHOLDS,
    lockouts
  })
  return { decider, stop: () => lockouts.flush() }
}

function failClaim(d: AccessDecider, at: number): AccessDecision {
  const claim = d.claim({ residentId: 'kian', at, source: 'badge' })
  if (claim.result !== 'pending') return claim
  return run(at + 100, 5, 100, benoitAsKian)
    .map((f) => d.observe(f))
    .find((x) => x.final)!
}

describe('claim lockouts across restarts', () => {
  it('a lockout still holds after a restart, for everyone at this door', async () => {
    const dataDir = await newDataDir()
    const first = await startKiosk(dataDir)
    failClaim(first.decider, 0)
    failClaim(first.decider, 10_000)
    expect(failClaim(first.decider, 20_000).until).toBe(80_500)
    await first.stop()

    const second = await startKiosk(dataDir)
    expect(second.decider.claim({ residentId: 'ana', at: 30_000, source: 'badge' })).toMatchObject({ result: 'locked-out', until: 80_500 })
    expect(second.decider.claim({ residentId: 'kian', at: 81_000, source: 'badge' }).result).toBe('pending')
  })

  it('failures short of a lockout are not forgotten by a restart, nor is the growing lockout time', async () => {
    const dataDir = await newDataDir()
    let kiosk = await startKiosk(dataDir)
    failClaim(kiosk.decider, 0)
    failClaim(kiosk.decider, 10_000)
    await kiosk.stop()
    kiosk = await startKiosk(dataDir)
    expect(failClaim(kiosk.decider, 20_000).until).toBe(80_500)
    await kiosk.stop()
    // The second lockout of the series lasts twice as long, restart or not.
    kiosk = await startKiosk(dataDir)
    failClaim(kiosk.decider, 90_000)
    failClaim(kiosk.decider, 100_000)
    await kiosk.stop()
    kiosk = await startKiosk(dataDir)
    expect(failClaim(kiosk.decider, 110_000).until).toBe(110_500 + 120_000)
  })

  it('keeps the file private to the kiosk user, and starts clean from a damaged file', async () => {
    const dataDir = await newDataDir()
    const kiosk = await startKiosk(dataDir)
    failClaim(kiosk.decider, 0)
    await kiosk.stop()
    const path = join(dataDir, CLAIM_LOCKOUTS_FILE)
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    expect(Object.values(JSON.parse(await readFile(path, 'utf8')) as Record<string, { failures: number[] }>)[0]?.failures).toHaveLength(1)
    await writeFile(path, '{"\\u0000kiosk": {"failures": "not a list"}}')
    const restarted = await startKiosk(dataDir)
    expect(restarted.decider.claim({ residentId: 'kian', at: 1_000, source: 'badge' }).result).toBe('pending')
  })
})
