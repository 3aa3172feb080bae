import { describe, expect, it } from 'vitest'
import { DEFAULT_ACCESS_CONFIG, accessConfigFromSettings, parseAccessConfig } from '../../../src/main/access/config'
import { defaultSettings } from '../../../src/shared/settings'

describe('access settings', () => {
  it('has balanced, K=3 of N=5 within 2 s, passive liveness with a challenge when unsure, by default', () => {
    expect(DEFAULT_ACCESS_CONFIG).toMatchObject({
      mode: 'identification',
      preset: 'balanced',
      agreement: { framesRequired: 3, windowFrames: 5, windowMs: 2000 },
      liveness: { mode: 'challenge-if-unsure', challenge: { steps: 2, attempts: 2, kinds: ['blink', 'turn-left', 'turn-right'] } },
      presets: { 'most-secure': 'far:1e-5', balanced: 'far:1e-3', 'most-convenient': 'accuracy' }
    })
  })

  it('rejects K > N, an unknown threshold source and a lockout base above its cap', () => {
    expect(() => parseAccessConfig({ agreement: { framesRequired: 4, windowFrames: 3 } })).toThrow(/framesRequired \(K\) cannot exceed/)
    expect(() => parseAccessConfig({ presets: { secure: 'far:0.001' } })).toThrow(/Invalid access settings at presets\.secure/)
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
      framesToAgree: { k: 4, n: 6, windowMs: 3000 },
      liveness: 'passive' as const,
      cooldownMs: 8000
    }
    const config = accessConfigFromSettings(settings, { minMargin: 0.2, liveness: { minLiveFraction: 0.8 } })
    expect(config).toMatchObject({
      mode: 'verification',
      preset: 'most-secure',
      agreement: { framesRequired: 4, windowFrames: 6, windowMs: 3000 },
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
