import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { FACES_DIR, HAPPY_HOUSE_RESIDENTS, happyHouse } from './faces'

/** Degraded or composed images built with sharp from the real Happy House photos. */

export const RESIDENT_NAMES = HAPPY_HOUSE_RESIDENTS

export function residentPhotoPath(name: string): string {
  return join(happyHouse.residentsDir, name === 'danielle' ? 'danielle.png' : `${name}.jpg`)
}

export async function residentPhoto(name: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(residentPhotoPath(name)))
}

export async function cameraPhoto(n: number): Promise<Uint8Array> {
  return new Uint8Array(await readFile(happyHouse.camera(n)))
}

const asBytes = (b: Buffer): Uint8Array => new Uint8Array(b)

/** Gaussian blur: the face is still detected (sigma 1.5 on kian) but far below the sharpness gate. */
export async function blurred(photo: Uint8Array, sigma = 1.5): Promise<Uint8Array> {
  return asBytes(await sharp(photo).blur(sigma).jpeg({ quality: 95 }).toBuffer())
}

/** The photo shrunk to `size` px and framed in grey: a detectable face of about 30 px. */
export async function tinyFace(photo: Uint8Array, size = 64, border = 40): Promise<Uint8Array> {
  return asBytes(
    await sharp(photo)
      .resize(size, size)
      .extend({ top: border, bottom: border, left: border, right: border, background: '#808080' })
      .jpeg({ quality: 95 })
      .toBuffer()
  )
}

/** Two photos side by side on a grey background, neither touching the edge. */
export async function twoFaces(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  const side = 96
  const gap = 24
  const a = await sharp(left).resize(side, side).removeAlpha().toBuffer()
  const b = await sharp(right).resize(side, side).removeAlpha().toBuffer()
  return asBytes(
    await sharp({ create: { width: 2 * side + 3 * gap, height: side + 2 * gap, channels: 3, background: '#808080' } })
      .composite([
        { input: a, left: gap, top: gap },
        { input: b, left: side + 2 * gap, top: gap }
      ])
      .jpeg({ quality: 95 })
      .toBuffer()
  )
}

/** A real photo's background (the top-left corner of an LFW picture, enlarged): no face in it. */
export async function noFace(): Promise<Uint8Array> {
  const source = join(FACES_DIR, 'lfw-dev/images/Aaron_Sorkin/Aaron_Sorkin_0001.jpg')
  return asBytes(await sharp(source).extract({ left: 0, top: 100, width: 50, height: 50 }).resize(150, 150).jpeg().toBuffer())
}

/** Brightness scaled down: an under-exposed face. */
export async function darkened(photo: Uint8Array, factor = 0.2): Promise<Uint8Array> {
  return asBytes(await sharp(photo).linear(factor, 0).jpeg({ quality: 95 }).toBuffer())
}

/** Mirror image: another, very close photo of the same person. */
export async function mirrored(photo: Uint8Array): Promise<Uint8Array> {
  return asBytes(await sharp(photo).flop().jpeg({ quality: 95 }).toBuffer())
}
