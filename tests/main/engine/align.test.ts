import { describe, expect, it } from 'vitest'
import { alignFace, estimateSimilarity } from '../../../src/main/engine/align'
import { applyAffine, type RgbImage } from '../../../src/main/engine/image-ops'
import { loadManifest, modelFor } from '../../../src/main/engine/manifest'
import { defaultManifestPath, defaultModelsDir } from '../../../src/main/engine/model-files'
import type { Point } from '../../../src/main/engine/types'

const manifest = loadManifest(defaultManifestPath(defaultModelsDir()))
const template = modelFor(manifest, manifest.defaults.embedding, 'embedding').alignment.template as Point[]

function similarity(scale: number, degrees: number, tx: number, ty: number) {
  const r = (degrees * Math.PI) / 180
  const a = scale * Math.cos(r)
  const b = scale * Math.sin(r)
  return { a, b, map: ([x, y]: Point): Point => [a * x - b * y + tx, b * x + a * y + ty] }
}

describe('estimateSimilarity', () => {
  it('recovers a known rotation, scale and translation of the template exactly', () => {
    const t = similarity(1.7, 23, 40.5, -12.25)
    const moved = template.map(t.map)
    const [a, mb, tx, b, a2, ty] = estimateSimilarity(template, moved)
    expect(a).toBeCloseTo(t.a, 9)
    expect(a2).toBeCloseTo(t.a, 9)
    expect(b).toBeCloseTo(t.b, 9)
    expect(mb).toBeCloseTo(-t.b, 9)
    expect(tx).toBeCloseTo(40.5, 9)
    expect(ty).toBeCloseTo(-12.25, 9)
  })

  it('maps face points back onto the template (the direction used for alignment)', () => {
    const moved = template.map(similarity(2.4, -31, 210, 95).map)
    const toTemplate = estimateSimilarity(moved, template)
    moved.forEach((p, i) => {
      const [x, y] = applyAffine(toTemplate, p[0], p[1])
      expect(x).toBeCloseTo(template[i][0], 6)
      expect(y).toBeCloseTo(template[i][1], 6)
    })
  })

  it('never reflects: a mirrored face gets the best rotation, not a flip', () => {
    const mirrored = template.map(([x, y]): Point => [-x, y])
    const [a, mb, , b, e] = estimateSimilarity(template, mirrored)
    // A similarity has the form [a -b; b a]: determinant a^2 + b^2 > 0.
    expect(e).toBeCloseTo(a, 9)
    expect(mb).toBeCloseTo(-b, 9)
    expect(a * e - mb * b).toBeGreaterThan(0)
  })

  it('is a least-squares fit with noisy points', () => {
    const t = similarity(1.3, 10, 5, 7)
    const noisy = template.map(t.map).map(([x, y], i): Point => [x + (i % 2 ? 0.5 : -0.5), y + (i % 3 ? -0.4 : 0.4)])
    const [a, , , b] = estimateSimilarity(template, noisy)
    expect(Math.hypot(a, b)).toBeCloseTo(1.3, 1)
    expect((Math.atan2(b, a) * 180) / Math.PI).toBeCloseTo(10, 0)
  })
})

describe('alignFace', () => {
  it('warps bright dots placed at a transformed template onto the template positions', () => {
    const width = 320
    const height = 240
    const img: RgbImage = { data: new Uint8Array(width * height * 3), width, height }
    const points = template.map(similarity(1.9, 17, 60, 20).map)
    for (const [px, py] of points) {
      for (let y = Math.round(py) - 2; y <= Math.round(py) + 2; y++) {
        for (let x = Math.round(px) - 2; x <= Math.round(px) + 2; x++) img.data.fill(255, (y * width + x) * 3, (y * width + x) * 3 + 3)
      }
    }
    const aligned = alignFace(img, points, template, 112, 112)
    expect(aligned.width).toBe(112)
    for (const [tx, ty] of template) {
      expect(aligned.data[(Math.round(ty) * 112 + Math.round(tx)) * 3]).toBeGreaterThan(200)
    }
    // Far from every dot stays black (zero border / empty background).
    expect(aligned.data[(5 * 112 + 5) * 3]).toBe(0)
  })
})
