import { describe, expect, it } from 'vitest'
import { DEFAULT_DOOR_CONFIG, doorConfigFromSettings, parseDoorConfig } from '../../../src/main/door/config'
import { defaultSettings } from '../../../src/shared/settings'
import { AppError } from '../../../src/shared/errors'

describe('door settings', () => {
  it('defaults to the simulated driver', () => {
    expect(DEFAULT_DOOR_CONFIG.driver).toEqual({ kind: 'simulated', latencyMs: 0 })
    expect(parseDoorConfig(undefined).relockMs).toBe(5000)
  })

  it('rejects bad settings with an AppError naming the field', () => {
    const bad = () => parseDoorConfig({ driver: { kind: 'command', open: { program: '' } } })
    expect(bad).toThrow(AppError)
    expect(bad).toThrow(/Invalid door settings at driver\.open\.program/)
    expect(() => parseDoorConfig({ driver: { kind: 'command', open: { program: 'relay', args: ['{{name}}'] } } })).toThrow(
      /Unknown template variable \{\{name\}\}/
    )
  })

  it('maps the stored kiosk settings (flat driver entry) to driver actions', () => {
    const settings = defaultSettings()
    expect(doorConfigFromSettings(settings)).toMatchObject({ relockMs: settings.relockMs, driver: { kind: 'simulated' } })

    const webhook = doorConfigFromSettings({
      relockMs: 8000,
      door: {
        kind: 'webhook',
        url: 'http://homeassistant.local:8123/api/services/lock/unlock',
        method: 'POST',
        headers: { Authorization: 'Bearer t' },
        body: '{"entity_id":"lock.front"}',
        timeoutMs: 4000,
        retries: 1
      }
    })
    expect(webhook).toMatchObject({
      relockMs: 8000,
      driver: {
        kind: 'webhook',
        open: { url: 'http://homeassistant.local:8123/api/services/lock/unlock', method: 'POST', bodyTemplate: '{"entity_id":"lock.front"}' },
        timeoutMs: 4000,
        retries: 1
      }
    })

    // The settings only name a program: without the operator's declaration the driver refuses.
    const named = doorConfigFromSettings({ relockMs: 5000, door: { kind: 'command', name: 'relay' } })
    expect(named.driver).toMatchObject({ kind: 'command', unavailable: expect.stringContaining('"relay"') })
    const command = doorConfigFromSettings(
      { relockMs: 5000, door: { kind: 'command', name: 'relay' } },
      { unavailable: undefined, open: { program: '/usr/local/bin/relay', args: ['on', '1'] }, close: { program: '/usr/local/bin/relay', args: ['off', '1'] }, timeoutMs: 3000 }
    )
    expect(command.driver).toMatchObject({
      kind: 'command',
      open: { program: '/usr/local/bin/relay', args: ['on', '1'] },
      close: { program: '/usr/local/bin/relay', args: ['off', '1'] },
      timeoutMs: 3000
    })
  })

  it('refuses a GET webhook with a body instead of silently dropping it', () => {
    expect(() =>
      doorConfigFromSettings({
        relockMs: 5000,
        door: { kind: 'webhook', url: 'http://lock.local/', method: 'GET', headers: {}, body: 'x', timeoutMs: 1000, retries: 0 }
      })
    ).toThrow(/A GET request cannot have a body/)
  })
})
