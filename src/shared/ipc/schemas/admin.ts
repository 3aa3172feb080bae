import { z } from 'zod'
import { finite, pinSchema, withAdmin, adminTokenSchema, empty } from './common'

export const adminStateSchema = z.object({
  pinSet: z.boolean(),
  /** Epoch ms until which PIN entry is refused after repeated wrong PINs, or null. */
  lockedUntil: finite.nullable(),
  failedAttempts: z.number().int()
})
export type AdminState = z.infer<typeof adminStateSchema>

export const adminSessionSchema = z.object({ token: adminTokenSchema, expiresAt: finite })
export type AdminSession = z.infer<typeof adminSessionSchema>

export const adminVerbs = {
  getAdminState: { request: empty, response: adminStateSchema },
  /** First run only: sets the administrator PIN and opens a session. */
  setupPin: { request: z.object({ pin: pinSchema }).strict(), response: adminSessionSchema },
  unlockAdmin: { request: z.object({ pin: z.string().max(64) }).strict(), response: adminSessionSchema },
  lockAdmin: { request: withAdmin({}), response: z.object({}) },
  changePin: { request: withAdmin({ currentPin: z.string().max(64), newPin: pinSchema }), response: z.object({}) }
} as const
