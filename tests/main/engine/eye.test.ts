import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eyeAspectRatio, eyeClosedProbability, eyeRegion } from '../../../src/main/engine/eye'
import { createFaceEngine, type FaceEngine } from '../../../src/main/engine/index'
import { livenessContextScale } from '../../../src/main/engine/liveness'
import { loadManifest, modelFor } from '../../../src/main/engine/manifest'
import { defaultManifestPath, defaultModelsDir } from '../../../src/main/engine/model-files'
import type { Point } from '../../../src/main/engine/types'
import { facesAvailable, happyHouse, reportMissingFaces } from '../../support/faces'
import { doorFrameJpeg } from '../../support/y4m'

const manifest = loadManifest(defaultManifestPath(defaultModelsDir()))
const eyeSpec = modelFor(manifest, manifest.defaults.eye, 'eye')
const [leftEye] = eyeSpec.eyes

/** 68 points, all at the origin except one eye's contour. */
function withEye(contour: Point[]): Point[] {
  const points: Point[] = Array.from({ length: 68 }, () => [0, 0] as Point)
  leftEye.contour.forEach((index, i) => (points[index] = contour[i]))
  return points
}

describe('eye geometry', () => {
  // p1 and p4 are the corners 40 px apart; p2/p6 and p3/p5 are the lids.
  const eye = (opening: number): Point[] => [
    [0, 0],
    [13, -opening / 2],
    [27, -opening / 2],
    [40, 0],
    [27, opening / 2],
    [13, opening / 2]
  ]

  it('eye aspect ratio = (|p2-p6| + |p3-p5|) / (2 |p1-p4|)', () => {
    expect(eyeAspectRatio(withEye(eye(12)), leftEye)).toBeCloseTo(12 / 40)
    expect(eyeAspectRatio(withEye(eye(2)), leftEye)).toBeCloseTo(2 / 40)
    expect(eyeAspectRatio(withEye(eye(0)), leftEye)).toBe(0)
  })

  it('the eye crop is a square around the centre points, eyeBoxScale times the corner distance', () => {
    const region = eyeRegion(withEye(eye(12)), leftEye, 1.6)
    expect(region.width).toBeCloseTo(64)
    expect(region.height).toBeCloseTo(64)
    // Centre points 37, 38, 40, 41 = the four lid points: their mean is (20, 0).
    expect(region.x + region.width / 2).toBeCloseTo(20)
    expect(region.y + region.height / 2).toBeCloseTo(0)
  })

  it('reads p(closed) from the manifest class', () => {
    expect(eyeClosedProbability(Float32Array.from([2, 0]), { ...eyeSpec, closedClass: 0 })).toBeCloseTo(1 / (1 + Math.exp(-2)))
    expect(eyeClosedProbability(Float32Array.from([2, 0]), { ...eyeSpec, closedClass: 1 })).toBeCloseTo(1 / (1 + Math.exp(2)))
    expect(() => eyeClosedProbability(Float32Array.from([1, 2, 3]), eyeSpec)).toThrow(RangeError)
  })
})

describe('liveness context', () => {
  const box = { x: 200, y: 150, width: 100, height: 100 }
  it('is the full crop scale when the enlarged box fits in the frame', () => {
    expect(livenessContextScale(box, 640, 480, 2.7)).toBeCloseTo(2.7)
  })
  it('shrinks when the face fills the frame, and falls below 1 for a crop smaller than the face box', () => {
    expect(livenessContextScale(box, 200, 200, 2.7)).toBeCloseTo(1.99)
    expect(livenessContextScale({ x: -10, y: -10, width: 120, height: 120 }, 96, 96, 2.7)).toBeLessThan(1)
  })
})

describe.skipIf(!facesAvailable)('eyes and context from the real models', () => {
  reportMissingFaces('eye model')
  let engine: FaceEngine
  beforeAll(() => {
    engine = createFaceEngine()
  })
  afterAll(() => engine?.dispose())

  it('reads open eyes on enrollment photos, and only when asked', async () => {
    const photo = readFileSync(join(happyHouse.residentsDir, 'kian.jpg'))
    const [plain] = await engine.embedFaces(photo, { still: true })
    expect(plain.eyes).toBeNull()
    expect(plain.livenessContext).toBeNull()
    const [face] = await engine.embedFaces(photo, { still: true, eyes: true })
    expect(face.eyes!.closed).toBeLessThan(engine.livenessCalibration.eyes.openBelow)
    expect(face.eyes!.aspectRatio).toBeGreaterThan(0.15)
  })

  it('a crop cut tight around the face has no context for the liveness model; the same face at the door has', async () => {
    const { minContextScale } = engine.livenessCalibration.passive
    const photo = readFileSync(join(happyHouse.residentsDir, 'kian.jpg'))
    const [found] = await engine.detectFaces(photo, { still: true })
    const { x, y, width } = found.box
    const side = Math.round(width * 0.9)
    const tight = await sharp(photo)
      .extract({ left: Math.max(0, Math.round(x + width * 0.05)), top: Math.max(0, Math.round(y + width * 0.05)), width: side, height: side })
      .resize(192, 192)
      .png()
      .toBuffer()
    const [crop] = await engine.embedFaces(tight, { still: true, liveness: true })
    expect(crop.livenessContext).toBeLessThan(minContextScale)
    const [door] = await engine.embedFaces(await doorFrameJpeg(join(happyHouse.residentsDir, 'kian.jpg'), 0.35), { liveness: true })
    expect(door.livenessContext).toBeGreaterThanOrEqual(minContextScale)
    expect(door.liveness).toBeGreaterThanOrEqual(0)
  })
})
