import { describe, expect, it } from 'vitest'
import { Gallery, l2Distance, residentTemplate, templateGallery } from '../../../src/main/engine'

const unit = (...v: number[]) => {
  const n = Math.hypot(...v)
  return Float32Array.from(v, (x) => x / n)
}

describe("a resident's template", () => {
  it('is the unit-length mean of their photos: nearer their face than the photos are to each other', () => {
    // Three photos of one face (axis 0), each off in its own direction (light, pose, glasses).
    const photos = [unit(1, 0.5, 0, 0), unit(1, 0, 0.5, 0), unit(1, 0, 0, 0.5)]
    const t = residentTemplate(photos)
    expect(Math.hypot(...t)).toBeCloseTo(1, 6)
    const face = unit(1, 0, 0, 0)
    // A new photo of the face, off in a fourth way, is nearer the template than any single photo.
    const probe = unit(1, -0.4, 0, 0)
    expect(l2Distance(probe, t)).toBeLessThan(Math.min(...photos.map((p) => l2Distance(probe, p))))
    expect(l2Distance(face, t)).toBeLessThan(l2Distance(face, photos[0]))
    expect(residentTemplate([photos[0]])).toEqual(photos[0])
  })

  it('gives the door one row per resident: a stranger meets as many comparisons as there are residents', () => {
    const photos = new Gallery()
    photos.add('kian', unit(1, 0.2, 0, 0))
    photos.add('kian', unit(1, 0, 0.2, 0))
    photos.add('kian', unit(1, 0, 0, 0.2))
    photos.add('ana', unit(0, 1, 0, 0))
    const templates = templateGallery(photos)
    expect(photos.size).toBe(4)
    expect(templates.size).toBe(2)
    expect(templates.residents).toEqual(['kian', 'ana'])
    expect(templates.embeddingsOf('kian')[0]).toEqual(residentTemplate(photos.embeddingsOf('kian')))
    expect(templates.identify(unit(1, 0.05, 0.05, 0), 0.5).residentId).toBe('kian')
  })
})
