import { z } from 'zod'
import { finite, pinSchema, withAdmin, adminTokenSchema, empty } from './common'

export const adminStateSchema = z.object({
  pinSet: z.boolean(),
  /** Epoch ms until which PIN entry is refused after repeated wrong PINs, or null. */
  lockedUntil: finite.nullable(),
  failedAttempts: z.number().int(),
  /** First run on a kiosk entry point: the PIN can only be set with the setup code from its terminal. */
  setupCodeRequired: z.boolean()
})
export type AdminState = z.infer<typeof adminStateSchema>

export const adminSessionSchema = z.object({ token: adminTokenSchema, expiresAt: finite })
export type AdminSession = z.infer<typeof adminSessionSchema>

export const adminVerbs = {
  getAdminState: { request: empty, response: adminStateSchema },
  /**
   * First run only: sets the administrator PIN and opens a session. The kiosk requires the setup
   * code it printed on the operator's terminal (and keeps in <data>/setup-code).
   */
  setupPin: { request: z.object({ pin: pinSchema, setupCode: z.string().max(64).optional() }).strict(), response: adminSessionSchema },
  unlockAdmin: { request: z.object({ pin: z.string().max(64) }).strict(), response: adminSessionSchema },
  lockAdmin: { request: withAdmin({}), response: z.object({}) },
  changePin: { request: withAdmin({ currentPin: z.string().max(64), newPin: pinSchema }), response: z.object({}) }
} as const
