/**
 * Embeds a set of image files once (the face nearest the image centre: LFW photos are centred on
 * their subject, and the largest face is sometimes a bystander), keeping both the plain and the
 * flip-TTA embedding so a single run can compare them. In-memory cache for one bench run.
 */
import { readFileSync } from 'node:fs'
import { alignFace } from '../../src/main/engine/align'
import { decodeImage } from '../../src/main/engine/decode'
import { combineEmbeddings } from '../../src/main/engine/embed'
import type { EngineInternals } from '../../src/main/engine/engine'
import { flipHorizontal, toTensor } from '../../src/main/engine/image-ops'
import { inputDims } from '../../src/main/engine/manifest'
import { nearestToCentre } from '../../src/main/engine/eval/lfw'
import { cached, packFloats, unpackFloats } from './disk-cache'

export interface ImageEmbeddings {
  plain: Float32Array
  flipTta: Float32Array
}

export async function embedFiles(
  internals: EngineInternals,
  paths: string[],
  still: boolean,
  onProgress?: (done: number, total: number) => void
): Promise<Map<string, ImageEmbeddings | null>> {
  const { pipeline, manifest } = internals
  const spec = pipeline.models.embedding
  const session = await pipeline.session('embedding')
  const run = async (data: Float32Array) =>
    (await session.run({ [spec.input.name]: { data, dims: inputDims(spec.input) } }))[spec.outputs.embedding.name].data
  const out = new Map<string, ImageEmbeddings | null>()
  for (const path of paths) {
    if (out.has(path)) continue
    const img = await decodeImage(readFileSync(path), manifest.pipeline.maxInputPixels)
    const subject = nearestToCentre(await pipeline.detect(img, still), img.width, img.height)
    if (!subject) {
      out.set(path, null)
    } else {
      const face = await pipeline.landmarks(img, subject)
      const aligned = alignFace(img, face.landmarks5, spec.alignment.template, spec.input.width, spec.input.height)
      const a = await run(toTensor(aligned, spec.input))
      const b = await run(toTensor(flipHorizontal(aligned), spec.input))
      out.set(path, { plain: combineEmbeddings([a], spec.dimension), flipTta: combineEmbeddings([a, b], spec.dimension) })
    }
    onProgress?.(out.size, paths.length)
  }
  return out
}

type Packed = [string, { plain: string; flipTta: string } | null][]

/** embedFiles through the disk cache (bench/lib/disk-cache.ts), keyed by model, mode and the paths. */
export function embedFilesCached(
  internals: EngineInternals,
  paths: string[],
  still: boolean,
  onProgress?: (done: number, total: number) => void
): Promise<Map<string, ImageEmbeddings | null>> {
  const key = JSON.stringify({ kind: 'embed-files', model: internals.pipeline.models.embedding.id, still, paths })
  return cached(
    key,
    () => embedFiles(internals, paths, still, onProgress),
    (m): Packed => [...m].map(([p, e]) => [p, e && { plain: packFloats(e.plain), flipTta: packFloats(e.flipTta) }]),
    (s) => new Map(s.map(([p, e]) => [p, e && { plain: unpackFloats(e.plain), flipTta: unpackFloats(e.flipTta) }]))
  )
}
