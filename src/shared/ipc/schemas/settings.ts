import { z } from 'zod'
import { publicSettingsSchema, settingsPatchSchema } from '../../settings'
import { withAdmin } from './common'

export const doorTestSchema = z.object({ ok: z.boolean(), message: z.string() })

export const settingsVerbs = {
  getSettings: { request: withAdmin({}), response: publicSettingsSchema },
  updateSettings: { request: withAdmin({ patch: settingsPatchSchema }), response: publicSettingsSchema },
  /** Runs the configured door driver once, as the "test the door" button. */
  testDoor: { request: withAdmin({}), response: doorTestSchema },
  /** Manual opening by an administrator (logged). */
  openDoor: { request: withAdmin({}), response: doorTestSchema }
} as const
