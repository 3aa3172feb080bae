import { describe, expect, it } from 'vitest'
import { l2Normalize } from '../../../src/main/engine/distance'
import { Gallery } from '../../../src/main/engine/gallery'
import { findLookAlikes } from '../../../src/main/engine/lookalikes'

const unit = (...xs: number[]) => l2Normalize(xs)

describe('findLookAlikes', () => {
  it('reports resident pairs that violate the triplet margin, closest first', () => {
    const g = new Gallery()
    g.add('ann', unit(1, 0, 0))
    g.add('ann', unit(0.8, 0.6, 0)) // ann's own spread: |d|^2 = 0.4
    g.add('twin', unit(0.9, 0.436, 0.05)) // close to ann's second photo
    g.add('bob', unit(0, 0, 1)) // far from everyone
    const found = findLookAlikes(g)
    expect(found.map((f) => [f.a, f.b])).toEqual([['ann', 'twin']])
    expect(found[0].distance).toBeLessThan(0.25)
  })

  it('with single photos flags only pairs closer than sqrt(alpha)', () => {
    const g = new Gallery()
    g.add('a', unit(1, 0))
    g.add('b', unit(1, 0.3)) // distance ~0.29 < sqrt(0.2) ~0.447
    g.add('c', unit(0, 1))
    expect(findLookAlikes(g).map((f) => `${f.a}-${f.b}`)).toEqual(['a-b'])
    expect(findLookAlikes(g, 0.01)).toEqual([])
  })
})
