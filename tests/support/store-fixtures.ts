import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import type { NewPhoto } from '../../src/main/store'
import { randomUnitVector, SAMPLE_QUALITY } from './vectors'

export { randomUnitVector, SAMPLE_QUALITY }

/** A fresh temporary data directory; `cleanup` removes it. */
export async function tempDataDir(prefix = 'hh-store-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

/** A real (tiny) JPEG, encoded by sharp. */
export async function solidJpeg(size = 80, color = { r: 180, g: 140, b: 120 }): Promise<Uint8Array> {
  const buffer = await sharp({ create: { width: size, height: size, channels: 3, background: color } }).jpeg({ quality: 80 }).toBuffer()
  return new Uint8Array(buffer)
}

export function samplePhoto(modelId: string, thumbnailJpeg: Uint8Array, embedding = randomUnitVector()): NewPhoto {
  return { modelId, embedding, quality: { ...SAMPLE_QUALITY }, thumbnailJpeg, source: 'file' }
}
