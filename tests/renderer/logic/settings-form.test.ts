import { describe, expect, it } from 'vitest'
import { IpcRegistry } from '../../../src/main/ipc/registry'
import { serverFieldErrors } from '../../../src/renderer/src/logic/results'
import { checkForm, diffSettings, parseHeaders, serverErrorsToForm, toForm } from '../../../src/renderer/src/logic/settings-form'
import { defaultSettings, type PublicSettings } from '../../../src/shared/settings'

function defaults(): PublicSettings {
  const { admin: _secrets, ...rest } = defaultSettings()
  return rest
}

describe('settings form', () => {
  it('round-trips the saved settings: an untouched form changes nothing', () => {
    const saved = defaults()
    const check = checkForm(saved, toForm(saved))
    expect(check.errors).toEqual({})
    expect(check.settings).toEqual(saved)
    expect(diffSettings(saved, check.settings!)).toBeNull()
  })

  it('shows durations in seconds and stores milliseconds', () => {
    const saved = defaults()
    const form = { ...toForm(saved), relockS: 7.5 }
    expect(toForm(saved).relockS).toBe(saved.relockMs / 1000)
    const check = checkForm(saved, form)
    expect(check.settings?.relockMs).toBe(7_500)
    expect(diffSettings(saved, check.settings!)).toEqual({ relockMs: 7_500 })
  })

  it('turns claims by name off as a patch of that one setting', () => {
    const saved = defaults()
    expect(toForm(saved).claimByName).toBe(true)
    const check = checkForm(saved, { ...toForm(saved), mode: 'verification', claimByName: false })
    expect(diffSettings(saved, check.settings!)).toEqual({ mode: 'verification', claimByName: false })
  })

  it('refuses what the shared schema refuses, with translatable messages in the form units', () => {
    const saved = defaults()
    const form = { ...toForm(saved), relockS: 0.1, confirmS: 11, snapshotsDays: null }
    const { settings, errors } = checkForm(saved, form)
    expect(settings).toBeNull()
    expect(errors.relockS).toEqual({ key: 'validation.min', params: { min: 0.5 } })
    expect(errors.confirmS).toEqual({ key: 'validation.max', params: { max: 10 } })
    expect(errors.snapshotsDays?.key).toBe('validation.number')
  })

  it('validates the door driver fields of the chosen kind only', () => {
    const saved = defaults()
    const webhook = { ...toForm(saved), doorKind: 'webhook' as const, webhookUrl: 'ftp://door', webhookHeaders: 'no colon here' }
    const { errors } = checkForm(saved, webhook)
    expect(errors.webhookUrl).toEqual({ key: 'validation.url' })
    expect(errors.webhookHeaders).toEqual({ key: 'validation.header' })
    const command = { ...toForm(saved), doorKind: 'command' as const, commandName: '', webhookUrl: 'ftp://ignored' }
    const commandErrors = checkForm(saved, command).errors
    expect(commandErrors.commandName).toEqual({ key: 'validation.required' })
    expect(commandErrors.webhookUrl).toBeUndefined()
  })

  it('sends the door whole when it changes', () => {
    const saved = defaults()
    const form = {
      ...toForm(saved),
      doorKind: 'webhook' as const,
      webhookUrl: 'http://127.0.0.1:8123/open',
      webhookHeaders: 'Authorization: Bearer abc\nX-Door: front'
    }
    const { settings } = checkForm(saved, form)
    expect(diffSettings(saved, settings!)).toEqual({
      door: { kind: 'webhook', url: 'http://127.0.0.1:8123/open', method: 'POST', headers: { Authorization: 'Bearer abc', 'X-Door': 'front' }, timeoutMs: 5_000, retries: 2 }
    })
  })

  it('parses header lines', () => {
    expect(parseHeaders('A: 1\n\n  B :  two words ')).toEqual({ A: '1', B: 'two words' })
    expect(parseHeaders(': nameless')).toBeNull()
  })

  it("maps main's validation errors (as the registry words them) onto the form fields", async () => {
    const registry = new IpcRegistry()
    registry.handle('updateSettings', () => defaults())
    const r = await registry.dispatch(
      'updateSettings',
      { token: 'x'.repeat(32), patch: { relockMs: 'soon', door: { kind: 'webhook', url: 'nope' } } },
      { transport: 'websocket', trustedSender: true, sender: 'test' }
    )
    expect(r.ok).toBe(false)
    if (r.ok) return
    const { fields } = serverErrorsToForm(serverFieldErrors(r), 'webhook')
    expect(Object.keys(fields).sort()).toEqual(['relockS', 'webhookUrl'])
  })
})
