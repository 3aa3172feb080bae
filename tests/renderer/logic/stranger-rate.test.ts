import { describe, expect, it } from 'vitest'
import { oneStrangerIn } from '../../../src/renderer/src/logic/stranger-rate'

describe('stranger rate in words', () => {
  it('rounds 1 / rate to one significant digit', () => {
    expect(oneStrangerIn(1e-4)).toBe(10_000)
    expect(oneStrangerIn(1.2e-4)).toBe(8_000)
    expect(oneStrangerIn(3.3e-3)).toBe(300)
    expect(oneStrangerIn(0.6)).toBe(2)
  })

  it('has no odds when nobody can be let in', () => {
    expect(oneStrangerIn(0)).toBeNull()
  })
})
