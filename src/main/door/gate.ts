import type { AccessDecider } from '../access/decider'
import type { AccessDecision } from '../access/types'
import type { DoorController } from './controller'
import type { DoorAttempt } from './types'

/**
 * Acts on a decision: a final grant opens the door for that resident. When the door did not open,
 * the resident's cooldown is cleared so they can simply try again. Returns the attempt (for the
 * access log), or null when the decision opens nothing.
 */
export async function openForDecision(door: DoorController, decider: AccessDecider, decision: AccessDecision): Promise<DoorAttempt | null> {
  if (decision.result !== 'granted' || !decision.final || decision.residentId === null) return null
  const attempt = await door.open({ kind: 'access', residentId: decision.residentId })
  if (!attempt.ok) decider.clearCooldown(decision.residentId)
  return attempt
}
