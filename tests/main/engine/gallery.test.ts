import { describe, expect, it } from 'vitest'
import { l2Distance, l2Normalize, squaredL2 } from '../../../src/main/engine/distance'
import { Gallery } from '../../../src/main/engine/gallery'

const unit = (...xs: number[]) => l2Normalize(xs)

describe('Gallery', () => {
  it('identifies by the closest embedding of each resident, with runner-up and margin', () => {
    const g = new Gallery()
    g.add('ann', unit(1, 0, 0))
    g.add('ann', unit(0.6, 0.8, 0))
    g.add('bob', unit(0, 0, 1))
    g.add('cat', unit(0, 1, 0.2))
    expect(g.size).toBe(4)
    const probe = unit(0.5, 0.85, 0)
    const r = g.identify(probe, 1)
    const dAnn = l2Distance(probe, unit(0.6, 0.8, 0))
    const dCat = l2Distance(probe, unit(0, 1, 0.2))
    expect(r.residentId).toBe('ann')
    expect(r.nearestId).toBe('ann')
    expect(r.distance).toBeCloseTo(dAnn, 6)
    expect(r.secondId).toBe('cat')
    expect(r.secondDistance).toBeCloseTo(dCat, 6)
    expect(r.margin).toBeCloseTo(dCat - dAnn, 6)
  })

  it('says unknown (null) beyond the threshold but still reports the nearest', () => {
    const g = new Gallery()
    g.add('ann', unit(1, 0))
    const r = g.identify(unit(0, 1), 0.7)
    expect(r.residentId).toBeNull()
    expect(r.nearestId).toBe('ann')
    expect(r.distance).toBeCloseTo(Math.SQRT2, 6)
    expect(r.secondId).toBeNull()
    expect(r.margin).toBe(Infinity)
  })

  it('verifies against one resident only', () => {
    const g = new Gallery()
    g.add('ann', unit(1, 0))
    g.add('bob', unit(0, 1))
    expect(g.verify(unit(1, 0.1), 'ann', 0.7).match).toBe(true)
    const bob = g.verify(unit(1, 0.1), 'bob', 0.7)
    expect(bob.match).toBe(false)
    expect(bob.distance).toBeCloseTo(l2Distance(unit(1, 0.1), unit(0, 1)), 6)
    expect(() => g.verify(unit(1, 0), 'zed', 0.7)).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }))
  })

  it('removes a resident and keeps the others intact after compaction', () => {
    const g = new Gallery()
    for (let i = 0; i < 100; i++) g.add(`r${i % 5}`, unit(i % 5, 1, i))
    g.removeResident('r2')
    expect(g.size).toBe(80)
    expect(g.residents).toEqual(['r0', 'r1', 'r3', 'r4'])
    expect(g.embeddingsOf('r2')).toEqual([])
    // r3's rows moved down and were renumbered: it must still be found by its own embedding.
    const probe = unit(3, 1, 53)
    const r = g.identify(probe, 0.01)
    expect(r.residentId).toBe('r3')
    expect(r.distance).toBeCloseTo(0, 5)
    g.clear()
    expect(g.size).toBe(0)
    expect(g.identify(probe, 1).residentId).toBeNull()
  })

  it('refuses embeddings of another dimension (another model)', () => {
    const g = new Gallery()
    g.add('ann', unit(1, 0, 0))
    expect(() => g.add('bob', unit(1, 0))).toThrowError(expect.objectContaining({ code: 'INVALID_PAYLOAD' }))
    expect(() => g.identify(unit(1, 0), 1)).toThrowError(expect.objectContaining({ code: 'INVALID_PAYLOAD' }))
  })

  it('grows past its initial capacity without losing rows', () => {
    const g = new Gallery()
    const dim = 16
    const rows = 1000
    for (let i = 0; i < rows; i++) {
      const e = new Float32Array(dim)
      e[i % dim] = 1
      e[(i * 7) % dim] += i / rows
      g.add(`p${i}`, l2Normalize(e))
    }
    expect(g.size).toBe(rows)
    const probe = g.embeddingsOf('p777')[0]
    expect(g.identify(probe, 1e-6).residentId).toBe('p777')
  })

  // identify scans an int8 copy first and measures exactly only the rows that can still win: the
  // answer must be the one of a full float scan, on data with close competitors.
  describe('identify equals a full float scan', () => {
    let seed = 7
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5
    const vector = (dim: number) => Float32Array.from({ length: dim }, rand)
    /** Residents as a centre plus small per-photo noise; look-alike residents share a centre. */
    function clustered(dim: number, residents: number, perResident: number) {
      const rows: Array<[string, Float32Array]> = []
      const centres = Array.from({ length: Math.ceil(residents / 2) }, () => vector(dim))
      for (let r = 0; r < residents; r++) {
        const own = vector(dim)
        const centre = centres[r >> 1].map((c, i) => c + 0.05 * (own[i] + (r % 2) * 0.1))
        for (let k = 0; k < perResident; k++) rows.push([`r${r}`, l2Normalize(centre.map((c) => c + 0.15 * rand()))])
      }
      return rows
    }
    function fullScan(rows: Array<[string, Float32Array]>, probe: Float32Array) {
      const best = new Map<string, number>()
      for (const [id, v] of rows) best.set(id, Math.min(best.get(id) ?? Infinity, squaredL2(v, probe)))
      const sorted = [...best].map(([id, d]) => [id, Math.sqrt(d)] as const).sort((a, b) => a[1] - b[1])
      return { nearestId: sorted[0][0], distance: sorted[0][1], secondId: sorted[1]?.[0] ?? null, secondDistance: sorted[1]?.[1] ?? Infinity }
    }
    function expectSame(g: Gallery, rows: Array<[string, Float32Array]>, probes: Float32Array[]) {
      for (const probe of probes) {
        const want = fullScan(rows, probe)
        const got = g.identify(probe, 1)
        expect(got.nearestId).toBe(want.nearestId)
        expect(got.secondId).toBe(want.secondId)
        expect(got.distance).toBeCloseTo(want.distance, 9)
        expect(got.secondDistance).toBeCloseTo(want.secondDistance, 9)
      }
    }

    it.each([512, 40, 3])('%i-d: 2,400 rows of 300 residents, stored, near and random probes', (dim) => {
      const rows = clustered(dim, 300, 8)
      const g = new Gallery()
      for (const [id, v] of rows) g.add(id, v)
      const probes = [
        ...rows.filter((_, i) => i % 97 === 0).map(([, v]) => v),
        ...rows.filter((_, i) => i % 89 === 0).map(([, v]) => l2Normalize(v.map((x) => x + 0.02 * rand()))),
        ...Array.from({ length: 10 }, () => l2Normalize(vector(dim)))
      ]
      expectSame(g, rows, probes)
    })

    // 4,999 rows: the kernel scans the rows as four streams (quarters of a multiple of 4 rows).
    it('on uniform random rows of 512-d, 1,000 residents, for stored and unrelated probes', () => {
      const rows: Array<[string, Float32Array]> = Array.from({ length: 4999 }, (_, i) => [`u${i % 1000}`, l2Normalize(vector(512))])
      const g = new Gallery()
      for (const [id, v] of rows) g.add(id, v)
      expectSame(g, rows, [rows[1234][1], rows[4998][1], ...Array.from({ length: 8 }, () => l2Normalize(vector(512)))])
    })

    it('ranks residents at exactly equal distance in enrollment order, as a stable full scan does', () => {
      const dim = 64
      const twin = l2Normalize(vector(dim))
      const far = l2Normalize(vector(dim))
      // bob's copy of the twin row is stored before ann's, but ann was enrolled first.
      const rows: Array<[string, Float32Array]> = [['ann', far], ['bob', twin], ['cat', twin], ['ann', twin], ['dan', far]]
      const g = new Gallery()
      for (const [id, v] of rows) g.add(id, v)
      const probe = l2Normalize(twin.map((x, i) => x + 0.3 * far[i]))
      const got = g.identify(probe, 2)
      expect([got.nearestId, got.secondId]).toEqual(['ann', 'bob'])
      expect(got.secondDistance).toBe(got.distance)
      expect(got.margin).toBe(0)
      expectSame(g, rows, [probe, twin, far])
    })

    it('says unknown at a distance exactly equal to the threshold (strictly nearer only)', () => {
      const rows = clustered(512, 40, 4)
      const g = new Gallery()
      for (const [id, v] of rows) g.add(id, v)
      const probe = l2Normalize(rows[17][1].map((x) => x + 0.02 * rand()))
      const { nearestId, distance } = g.identify(probe, 2)
      expect(nearestId).toBe(fullScan(rows, probe).nearestId)
      expect(g.identify(probe, distance).residentId).toBeNull()
      expect(g.identify(probe, distance + 1e-12).residentId).toBe(nearestId)
    })

    it('after removals (rows compacted) and after clear with another dimension', () => {
      let rows = clustered(512, 60, 5)
      const g = new Gallery()
      for (const [id, v] of rows) g.add(id, v)
      for (const gone of ['r0', 'r17', 'r59']) {
        g.removeResident(gone)
        rows = rows.filter(([id]) => id !== gone)
      }
      expectSame(g, rows, rows.filter((_, i) => i % 13 === 0).map(([, v]) => l2Normalize(v.map((x) => x + 0.03 * rand()))))
      g.clear()
      const small = clustered(64, 20, 3)
      for (const [id, v] of small) g.add(id, v)
      expectSame(g, small, small.filter((_, i) => i % 7 === 0).map(([, v]) => v))
    })
  })
})
