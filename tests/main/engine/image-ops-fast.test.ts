/**
 * The axis-aligned fast paths of warpToTensor (separable taps, normalisation lookup tables, the
 * integer even downscale) against the per-pixel general path, bit for bit, on real photos.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeImage } from '../../../src/main/engine/decode'
import { rectToAffine, warpToTensor, warpToTensorGeneral, type RgbImage, type TensorSpec } from '../../../src/main/engine/image-ops'
import { FACES_DIR, facesAvailable, happyHouse, reportMissingFaces } from '../../support/faces'
import sharp from 'sharp'

reportMissingFaces('image-ops fast paths on real photos')

const RGB_SPEC: TensorSpec = { channelOrder: 'RGB', mean: [127, 127, 127], std: [128, 128, 128] }
const BGR_SPEC: TensorSpec = { channelOrder: 'BGR', mean: [127.5, 116, 103.9], std: [58.4, 57.1, 57.4] }
const GRAY_SPEC: TensorSpec = { channelOrder: 'GRAY', mean: [0], std: [256] }

/** Count of elements whose float32 bits differ (Object.is also tells +0 from -0). */
function bitDiffs(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length)
  let n = 0
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) n++
  return n
}

async function frame640(file: string): Promise<RgbImage> {
  const bytes = await sharp(file).rotate().resize(640, 480, { fit: 'cover' }).jpeg({ quality: 90 }).toBuffer()
  return decodeImage(bytes, Number.MAX_SAFE_INTEGER)
}

describe.skipIf(!facesAvailable)('warpToTensor fast paths equal the general path bit for bit (real photos)', () => {
  it('640x480 camera frames to 320x240 and 160x120 (exact 2x and 4x: integer path), padded stills, face crops, in every channel order', async () => {
    const photos = [
      await frame640(happyHouse.camera(1)),
      await frame640(join(FACES_DIR, 'lfw-dev/images/Aaron_Sorkin/Aaron_Sorkin_0001.jpg')),
      await decodeImage(await sharp(happyHouse.camera(2)).jpeg().toBuffer(), Number.MAX_SAFE_INTEGER)
    ]
    let compared = 0
    for (const img of photos) {
      const { width: w, height: h } = img
      const cases: Array<[string, ReturnType<typeof rectToAffine>, number, number]> = [
        ['whole frame 320x240', rectToAffine({ x: 0, y: 0, width: w, height: h }, 320, 240), 320, 240],
        ['whole frame 160x120', rectToAffine({ x: 0, y: 0, width: w, height: h }, 160, 120), 160, 120],
        ['padded by 48', rectToAffine({ x: -48, y: -48, width: w + 96, height: h + 96 }, 320, 240), 320, 240],
        ['face crop past the edge', rectToAffine({ x: w * 0.6, y: -h * 0.1, width: w * 0.55, height: w * 0.55 }, 64, 64), 64, 64],
        ['upscaled crop', rectToAffine({ x: 10.3, y: 20.7, width: 40.2, height: 40.2 }, 80, 80), 80, 80]
      ]
      for (const [name, map, outW, outH] of cases) {
        for (const spec of [RGB_SPEC, BGR_SPEC, GRAY_SPEC]) {
          const fast = warpToTensor(img, map, outW, outH, spec)
          const general = warpToTensorGeneral(img, map, outW, outH, spec)
          expect(bitDiffs(fast, general), `${w}x${h} ${name} ${spec.channelOrder}`).toBe(0)
          compared += fast.length
        }
      }
    }
    expect(compared).toBeGreaterThan(3 * 3 * 320 * 240 * 3)
  })
})
