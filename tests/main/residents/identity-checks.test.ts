import { describe, expect, it } from 'vitest'
import { Gallery, l2Normalize } from '../../../src/main/engine'
import { assertBelongsTo, assertConsistentPhotos, assertNotEnrolled } from '../../../src/main/residents/identity-checks'

// Unit vectors in 3-D: distances are easy to read (orthogonal = sqrt(2) ~ 1.414).
const x = l2Normalize([1, 0, 0])
const xNear = l2Normalize([1, 0.2, 0])
const y = l2Normalize([0, 1, 0])
const names: Record<string, string> = { kian: 'Kian', tian: 'Tian' }
const nameOf = (id: string): string => names[id]

function gallery(): Gallery {
  const g = new Gallery()
  g.add('kian', x)
  g.add('tian', y)
  return g
}

function code(fn: () => void): { code?: string; details?: Record<string, unknown> } {
  try {
    fn()
    return {}
  } catch (e) {
    return e as { code: string; details: Record<string, unknown> }
  }
}

describe('identity checks', () => {
  it('flag photos of one request that are too far apart', () => {
    expect(code(() => assertConsistentPhotos([{ index: 0, embedding: x }, { index: 1, embedding: xNear }], 1.2, 'Kian'))).toEqual({})
    const error = code(() => assertConsistentPhotos([{ index: 0, embedding: x }, { index: 1, embedding: y }], 1.2, 'Kian'))
    expect(error).toMatchObject({ code: 'NEEDS_CONFIRMATION', details: { kind: 'inconsistent-photos', photos: [0, 1] } })
  })

  it('flag a new resident whose face is enrolled already, naming the resident', () => {
    expect(code(() => assertNotEnrolled(gallery(), [{ index: 0, embedding: l2Normalize([0, 0, 1]) }], 1.0, 'Lee', nameOf))).toEqual({})
    const error = code(() => assertNotEnrolled(gallery(), [{ index: 0, embedding: xNear }], 1.0, 'Ki', nameOf))
    expect(error).toMatchObject({ code: 'NEEDS_CONFIRMATION', details: { kind: 'duplicate', matches: [{ residentId: 'kian', name: 'Kian' }] } })
    expect((error as Error).message).toMatch(/looks like Kian: same person\?/)
  })

  it('flag a photo added to the wrong resident, or unlike the resident', () => {
    const thresholds = { duplicate: 1.0, consistency: 1.2 }
    expect(code(() => assertBelongsTo(gallery(), [{ index: 0, embedding: xNear }], { id: 'kian', name: 'Kian' }, thresholds, nameOf))).toEqual({})
    expect(code(() => assertBelongsTo(gallery(), [{ index: 0, embedding: xNear }], { id: 'tian', name: 'Tian' }, thresholds, nameOf))).toMatchObject({
      details: { kind: 'other-resident', residentId: 'kian' }
    })
    const far = l2Normalize([-1, 0, 0.1])
    expect(code(() => assertBelongsTo(gallery(), [{ index: 0, embedding: far }], { id: 'kian', name: 'Kian' }, thresholds, nameOf))).toMatchObject({
      details: { kind: 'not-this-resident' }
    })
  })
})
