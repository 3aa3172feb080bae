import { describe, expect, it } from 'vitest'
import type { AccessDecision } from '../../../src/main/access'
import { decisionToDto } from '../../../src/main/features/decision-dto'
import { IpcRegistry, type CallContext } from '../../../src/main/ipc/registry'

/**
 * Issue 13 item 7: the public (no PIN) kiosk API says nothing about who a face resembles before the
 * door is granted: no distance ever, no name or resident id of a face the decision did not grant
 * (except the resident a person claimed themselves in verification mode).
 */

const CTX: CallContext = { transport: 'websocket', trustedSender: true, sender: 'public api test' }
const KIAN = '11111111-1111-4111-8111-111111111111'
const DAN = '22222222-2222-4222-8222-222222222222'
const names: Record<string, string> = { [KIAN]: 'Kian', [DAN]: 'Dan' }
const nameOf = (id: string): string | null => names[id] ?? null

function decision(over: Partial<AccessDecision>): AccessDecision {
  return {
    result: 'pending',
    reason: 'collecting',
    message: 'Hold still: checking (1/3)',
    mode: 'identification',
    at: 1_700_000_000_000,
    residentId: null,
    candidateId: KIAN,
    claimedId: null,
    distance: 0.61,
    margin: 0.22,
    threshold: 1.05,
    framesAgreeing: 1,
    framesConsidered: 1,
    framesRequired: 3,
    liveness: { mode: 'off', status: 'off', score: null } as AccessDecision['liveness'],
    final: false,
    ...over
  }
}

/** The frame reply a kiosk service would give, with everything the engine knows about the face. */
function leakyFrame(d: AccessDecision) {
  return {
    width: 640,
    height: 480,
    faces: [{ box: { x: 1, y: 2, width: 100, height: 100 }, residentId: d.candidateId, name: nameOf(d.candidateId ?? ''), distance: 0.61, liveness: 0.9, subject: true }],
    decision: decisionToDto(d, nameOf),
    prompt: 'hold-still',
    processingMs: 12
  }
}

async function throughRegistry(d: AccessDecision) {
  const registry = new IpcRegistry()
  registry.handle('recognizeFrame', () => leakyFrame(d) as never)
  const r = await registry.dispatch('recognizeFrame', { frame: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), capturedAt: 1 }, CTX)
  if (!r.ok) throw new Error(r.message)
  return r.value as Record<string, unknown> & { faces: Record<string, unknown>[]; decision: Record<string, unknown> }
}

describe('no names or distances before a decision', () => {
  it('pending, denied and ambiguous frames carry no distance, no margin and no nearest name', async () => {
    for (const d of [
      decision({}),
      decision({ result: 'denied', reason: 'no-agreement', message: 'Could not confirm who this is', final: true }),
      decision({ result: 'denied', reason: 'ambiguous', message: 'Not sure who this is: too close to two residents (nearest: Kian)', final: true })
    ]) {
      const reply = await throughRegistry(d)
      const text = JSON.stringify(reply)
      expect(text, d.reason).not.toContain('Kian')
      expect(text, d.reason).not.toContain(KIAN)
      expect(text, d.reason).not.toMatch(/distance|margin|0\.61|0\.22/)
      expect(reply.faces[0]).toMatchObject({ residentId: null, name: null, subject: true })
    }
  })

  it('a grant names the granted resident (on the face and in the decision), still without distances', async () => {
    const reply = await throughRegistry(decision({ result: 'granted', reason: 'recognised', residentId: KIAN, message: 'Welcome, Kian', final: true }))
    expect(reply.decision).toMatchObject({ result: 'granted', name: 'Kian', residentId: KIAN })
    expect(reply.faces[0]).toMatchObject({ residentId: KIAN, name: 'Kian' })
    expect(JSON.stringify(reply)).not.toMatch(/distance|margin/)
  })

  it('verification: the claimed name is shown, the face that resembles someone else is not named', async () => {
    const d = decision({ mode: 'verification', claimedId: DAN, candidateId: KIAN, reason: 'collecting', message: 'Look at the camera, Dan (1/3)' })
    const reply = await throughRegistry(d)
    expect(reply.decision).toMatchObject({ name: 'Dan', claimedResidentId: DAN })
    expect(JSON.stringify(reply)).not.toContain('Kian')
  })
})
