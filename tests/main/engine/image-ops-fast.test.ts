/**
 * The axis-aligned fast paths of warpToTensor (separable taps, normalisation lookup tables, the
 * integer even downscale) against the per-pixel general path, bit for bit, on real photos.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeImage } from '../../../src/main/engine/decode'
import { rectToAffine, toTensor, warpAffine, warpAffineWithTensor, warpToTensor, warpToTensorGeneral, type Affine, type RgbImage, type TensorSpec } from '../../../src/main/engine/image-ops'
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

/** The alignment warp as first written: Math.round per channel, neighbours outside the image skipped. */
function referenceWarp(src: RgbImage, [a, b, c, d, e, f]: Affine, outW: number, outH: number): Uint8Array {
  const { data, width, height } = src
  const out = new Uint8Array(outW * outH * 3)
  const at = (x: number, y: number, ch: number) => (x >= 0 && y >= 0 && x < width && y < height ? data[(y * width + x) * 3 + ch] : null)
  for (let v = 0; v < outH; v++) {
    for (let u = 0; u < outW; u++) {
      const x = a * u + b * v + c
      const y = d * u + e * v + f
      const x0 = Math.floor(x)
      const y0 = Math.floor(y)
      if (x0 < -1 || y0 < -1 || x0 >= width || y0 >= height) continue
      const fx = x - x0
      const fy = y - y0
      const taps: Array<[number, number, number]> = [[x0, y0, (1 - fx) * (1 - fy)], [x0 + 1, y0, fx * (1 - fy)], [x0, y0 + 1, (1 - fx) * fy], [x0 + 1, y0 + 1, fx * fy]]
      for (let ch = 0; ch < 3; ch++) {
        let sum = 0
        for (const [tx, ty, w] of taps) {
          const p = at(tx, ty, ch)
          if (p !== null) sum += w * p
        }
        out[(v * outW + u) * 3 + ch] = Math.round(sum)
      }
    }
  }
  return out
}

/** toTensor's colour path as first written: (v - mean) * (1 / std) per pixel, planes in the model's order. */
function referenceTensor(img: RgbImage, spec: TensorSpec): Float32Array {
  const n = img.width * img.height
  const out = new Float32Array(n * 3)
  const order = spec.channelOrder === 'RGB' ? [0, 1, 2] : [2, 1, 0]
  for (let plane = 0; plane < 3; plane++) {
    for (let i = 0; i < n; i++) out[plane * n + i] = (img.data[i * 3 + order[plane]] - spec.mean[plane]) * (1 / spec.std[plane])
  }
  return out
}

describe.skipIf(!facesAvailable)('the alignment warp equals its plain per-pixel definition (real photos)', () => {
  it('warpAffine (+0.5 and truncation, int32 indices) gives the Math.round values; warpAffineWithTensor gives warpAffine + toTensor; toTensor\'s lookup tables give the per-pixel formula', async () => {
    const people = ['Aaron_Sorkin/Aaron_Sorkin_0001.jpg', 'Abel_Pacheco/Abel_Pacheco_0001.jpg']
    const photos = [await frame640(happyHouse.camera(1)), ...(await Promise.all(people.map((p) => decodeImage(readFileSync(join(FACES_DIR, 'lfw-dev/images', p)), Number.MAX_SAFE_INTEGER))))]
    let compared = 0
    for (const img of photos) {
      // Similarity maps as alignment makes them, some reaching past the image edges.
      for (const [angle, scale, cx, cy] of [[0.2, 1.3, 20.3, 30.7], [-0.35, 2.4, -40.2, -25.5], [0.05, 0.9, img.width - 60.4, img.height - 50.1], [0, 1, 0, 0]]) {
        const map: Affine = [scale * Math.cos(angle), -scale * Math.sin(angle), cx, scale * Math.sin(angle), scale * Math.cos(angle), cy]
        const plain = warpAffine(img, map, 112, 112)
        expect(Buffer.compare(Buffer.from(plain.data), Buffer.from(referenceWarp(img, map, 112, 112))), `${img.width}x${img.height} angle ${angle}`).toBe(0)
        for (const spec of [RGB_SPEC, BGR_SPEC, GRAY_SPEC]) {
          const fused = warpAffineWithTensor(img, map, 112, 112, spec)
          expect(Buffer.compare(Buffer.from(fused.image.data), Buffer.from(plain.data))).toBe(0)
          expect(bitDiffs(fused.tensor, toTensor(plain, spec)), `${spec.channelOrder} tensor`).toBe(0)
        }
        expect(bitDiffs(toTensor(plain, BGR_SPEC), referenceTensor(plain, BGR_SPEC))).toBe(0)
        compared += plain.data.length
      }
    }
    expect(compared).toBe(photos.length * 4 * 112 * 112 * 3)
  })
})
