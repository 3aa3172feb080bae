import { z } from 'zod'
import { publicSettingsSchema, settingsPatchSchema } from '../../settings'
import { withAdmin } from './common'

export const doorTestSchema = z.object({ ok: z.boolean(), message: z.string() })

/** What the operator's `<data>/door-commands.json` offers the settings screen (names only, never programs). */
export const doorOptionsSchema = z.object({
  commands: z.array(z.object({ name: z.string(), lock: z.boolean(), test: z.boolean() })),
  /** Webhook destinations the operator allows; empty: any public address (never loopback, link-local or private). */
  webhookUrlPrefixes: z.array(z.string()),
  /** Why the operator's file was refused (permissions, invalid), or null. */
  problem: z.string().nullable(),
  /** Where the operator edits it. */
  path: z.string()
})
export type DoorOptions = z.infer<typeof doorOptionsSchema>

export const settingsVerbs = {
  getSettings: { request: withAdmin({}), response: publicSettingsSchema },
  /** The door programs and webhook destinations the operator declared, for the door settings. */
  getDoorOptions: { request: withAdmin({}), response: doorOptionsSchema },
  updateSettings: { request: withAdmin({ patch: settingsPatchSchema }), response: publicSettingsSchema },
  /** Runs the configured door driver once, as the "test the door" button. */
  testDoor: { request: withAdmin({}), response: doorTestSchema },
  /** Manual opening by an administrator (logged). */
  openDoor: { request: withAdmin({}), response: doorTestSchema }
} as const
