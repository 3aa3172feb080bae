import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore } from '../../src/main/store'
import { DEFAULT_LIVENESS_MODE, LIVENESS_MODES, defaultSettings, settingsPatchSchema, settingsSchema } from '../../src/shared/settings'
import { tempDataDir } from '../support/store-fixtures'

describe('liveness modes in the settings', () => {
  it('are off / passive / challenge when unsure / always challenge, challenge when unsure by default', () => {
    expect(LIVENESS_MODES).toEqual(['off', 'passive', 'challenge-if-unsure', 'always-challenge'])
    expect(defaultSettings().liveness).toBe(DEFAULT_LIVENESS_MODE)
    expect(DEFAULT_LIVENESS_MODE).toBe('challenge-if-unsure')
  })

  it("read the modes stored before the calibration: 'required' as passive, 'log' (the old default) as the new default", () => {
    expect(settingsSchema.parse({ liveness: 'required' }).liveness).toBe('passive')
    expect(settingsSchema.parse({ liveness: 'log' }).liveness).toBe('challenge-if-unsure')
    expect(settingsPatchSchema.parse({ liveness: 'required' })).toEqual({ liveness: 'passive' })
    for (const mode of LIVENESS_MODES) expect(settingsSchema.parse({ liveness: mode }).liveness).toBe(mode)
    expect(settingsSchema.safeParse({ liveness: 'sometimes' }).success).toBe(false)
    expect(settingsSchema.safeParse({ liveness: 'toString' }).success).toBe(false)
  })

  it('a database written with a legacy mode opens, reads the new mode and keeps everything else', async () => {
    const { dir, cleanup } = await tempDataDir('hh-settings-legacy-')
    try {
      const first = await openStore(dir, { activeModelId: 'test-model' })
      await first.settings.update({ cooldownMs: 4321 })
      await first.close()
      const file = join(dir, 'happy-house.json')
      const data = JSON.parse(await readFile(file, 'utf8'))
      data.settings.liveness = 'required'
      await writeFile(file, JSON.stringify(data))
      const reopened = await openStore(dir, { activeModelId: 'test-model' })
      expect(reopened.settings.get()).toMatchObject({ liveness: 'passive', cooldownMs: 4321 })
      expect(reopened.notices.filter((n) => /corrupt|backup/i.test(n.message))).toEqual([])
      await reopened.close()
    } finally {
      await cleanup()
    }
  })
})
