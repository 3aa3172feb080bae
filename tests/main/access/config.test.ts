import { describe, expect, it } from 'vitest'
import { DEFAULT_ACCESS_CONFIG, accessConfigFromSettings, parseAccessConfig } from '../../../src/main/access/config'
import { defaultSettings } from '../../../src/shared/settings'

describe('access settings', () => {
  it('has balanced, K=3 of N=5 within 2 s, liveness logged, by default', () => {
    expect(DEFAULT_ACCESS_CONFIG).toMatchObject({
      mode: 'identification',
      preset: 'balanced',
      agreement: { framesRequired: 3, windowFrames: 5, windowMs: 2000 },
      liveness: { mode: 'log' },
      presets: { 'most-secure': 'far:1e-5', balanced: 'far:1e-3', 'most-convenient': 'accuracy' }
    })
  })

  it('rejects K > N, an unknown threshold source and a lockout base above its cap', () => {
    expect(() => parseAccessConfig({ agreement: { framesRequired: 4, windowFrames: 3 } })).toThrow(/framesRequired \(K\) cannot exceed/)
    expect(() => parseAccessConfig({ presets: { secure: 'far:0.001' } })).toThrow(/Invalid access settings at presets\.secure/)
    expect(() => parseAccessConfig({ lockout: { baseMs: 7_200_000, maxMs: 3_600_000 } })).toThrow(/lockout\.baseMs/)
    expect(() => parseAccessConfig({ liveness: { liveAtOrAbove: 0.2, spoofBelow: 0.3 } })).toThrow(/liveness\.spoofBelow/)
  })

  it('maps the stored kiosk settings, keeping expert overrides', () => {
    const settings = {
      ...defaultSettings(),
      mode: 'verification' as const,
      sensitivity: 'most-secure' as const,
      framesToAgree: { k: 4, n: 6, windowMs: 3000 },
      liveness: 'required' as const,
      cooldownMs: 8000
    }
    const config = accessConfigFromSettings(settings, { minMargin: 0.2, liveness: { minLiveFraction: 0.8 } })
    expect(config).toMatchObject({
      mode: 'verification',
      preset: 'most-secure',
      agreement: { framesRequired: 4, windowFrames: 6, windowMs: 3000 },
      liveness: { mode: 'required', minLiveFraction: 0.8 },
      cooldownMs: 8000,
      minMargin: 0.2
    })
  })
})
