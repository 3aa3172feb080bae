import { describe, expect, it } from 'vitest'
import { DEFAULT_ACCESS_CONFIG, accessConfigFromSettings, parseAccessConfig } from '../../../src/main/access/config'
import { defaultSettings } from '../../../src/shared/settings'

describe('access settings', () => {
  it('has balanced, 0.5 s of agreement (2 to 8 frames), tracks across 4 s gaps, liveness with a challenge when unsure, by default', () => {
    expect(DEFAULT_ACCESS_CONFIG).toMatchObject({
      mode: 'identification',
      preset: 'balanced',
      agreement: { confirmMs: 500, minFrames: 2, maxFrames: 8, agreeFraction: 0.6, windowMs: 2000 },
      appearanceGapMs: 4000,
      allowSeveralFaces: false,
      liveness: { mode: 'challenge-if-unsure', challenge: { steps: 2, attempts: 2, kinds: ['blink', 'turn-left', 'turn-right'] } },
      openSet: { strangerRate: { 'most-secure': 1e-6, balanced: 1e-4, 'most-convenient': 1e-2 }, minComparisonFar: { balanced: 1e-7 } }
    })
  })

  it('rejects min frames above max frames, presets out of order and a lockout base above its cap', () => {
    expect(() => parseAccessConfig({ agreement: { minFrames: 4, maxFrames: 3 } })).toThrow(/agreement\.minFrames/)
    expect(() => parseAccessConfig({ openSet: { strangerRate: { secure: 1e-3 } } })).toThrow(/Invalid access settings at openSet\.strangerRate/)
    expect(() => parseAccessConfig({ openSet: { minComparisonFar: { balanced: 1e-9 } } })).toThrow(/openSet\.minComparisonFar/)
    expect(() => parseAccessConfig({ openSet: { strangerRate: { secure: 1 } } })).toThrow(/openSet\.strangerRate\.secure/)
    expect(() => parseAccessConfig({ lockout: { baseMs: 7_200_000, maxMs: 3_600_000 } })).toThrow(/lockout\.baseMs/)
    expect(() => parseAccessConfig({ liveness: { challenge: { frontalMaxDeg: 25, turnMinDeg: 20 } } })).toThrow(/liveness\.challenge\.frontalMaxDeg/)
    expect(() => parseAccessConfig({ liveness: { challenge: { kinds: ['blink', 'blink'] } } })).toThrow(/liveness\.challenge\.kinds/)
    expect(() => parseAccessConfig({ liveness: { mode: 'sometimes' } })).toThrow(/liveness\.mode/)
  })

  it('maps the stored kiosk settings, keeping expert overrides', () => {
    const settings = {
      ...defaultSettings(),
      mode: 'verification' as const,
      sensitivity: 'most-secure' as const,
      confirmMs: 1500,
      liveness: 'passive' as const,
      cooldownMs: 8000
    }
    const config = accessConfigFromSettings(settings, { minMargin: 0.2, liveness: { minLiveFraction: 0.8 }, agreement: { maxFrames: 12 } })
    expect(config).toMatchObject({
      mode: 'verification',
      preset: 'most-secure',
      agreement: { confirmMs: 1500, maxFrames: 12 },
      liveness: { mode: 'passive', minLiveFraction: 0.8 },
      cooldownMs: 8000,
      minMargin: 0.2
    })
  })

  it("reads the legacy liveness modes: 'required' as passive, 'log' (the old default) as the new default", () => {
    expect(parseAccessConfig({ liveness: { mode: 'required' } }).liveness.mode).toBe('passive')
    expect(parseAccessConfig({ liveness: { mode: 'log' } }).liveness.mode).toBe('challenge-if-unsure')
  })
})
