import { describe, expect, it } from 'vitest'
import { decodeDetections, detectorFrame, nonMaxSuppression } from '../../../src/main/engine/detect'
import { squareByHeight, touchesImageBorder } from '../../../src/main/engine/geometry'
import { loadManifest, modelFor } from '../../../src/main/engine/manifest'
import { defaultManifestPath, defaultModelsDir } from '../../../src/main/engine/model-files'

const manifest = loadManifest(defaultManifestPath(defaultModelsDir()))
const spec = modelFor(manifest, manifest.defaults.detector, 'detector')

describe('detector post-processing', () => {
  it('keeps the highest-scoring box of an overlapping cluster', () => {
    const kept = nonMaxSuppression(
      [
        { box: { x: 0, y: 0, width: 10, height: 10 }, score: 0.7 },
        { box: { x: 1, y: 1, width: 10, height: 10 }, score: 0.9 },
        { box: { x: 50, y: 50, width: 10, height: 10 }, score: 0.8 }
      ],
      0.4,
      10
    )
    expect(kept.map((k) => k.score)).toEqual([0.9, 0.8])
  })

  it('thresholds scores, maps normalised corners of the padded frame to image pixels', () => {
    const frame = detectorFrame(100, 50, 10) // detector sees 120 x 70
    const scores = Float32Array.from([0.1, 0.9, 0.5, 0.5, 0.2, 0.8])
    const boxes = Float32Array.from([0.25, 0.5, 0.5, 1, 0, 0, 1, 1, 0.5, 0, 0.75, 0.5])
    const dets = decodeDetections(scores, boxes, frame, spec)
    expect(dets.map((d) => d.score)).toEqual([Float32Array.from([0.9])[0], Float32Array.from([0.8])[0]])
    expect(dets[0].box).toEqual({ x: 20, y: 25, width: 30, height: 35 })
    expect(dets[1].box.x).toBeCloseTo(50)
    expect(dets[1].box.y).toBeCloseTo(-10)
  })

  it('squares boxes by height around the centre and knows when a box touches the edge', () => {
    expect(squareByHeight({ x: 10, y: 20, width: 30, height: 50 })).toEqual({ x: 0, y: 20, width: 50, height: 50 })
    expect(touchesImageBorder({ x: 0.5, y: 20, width: 30, height: 30 }, 100, 100, 1)).toBe(true)
    expect(touchesImageBorder({ x: 10, y: 20, width: 30, height: 30 }, 100, 100, 1)).toBe(false)
    expect(touchesImageBorder({ x: 10, y: 20, width: 30, height: 79.5 }, 100, 100, 1)).toBe(true)
  })
})
