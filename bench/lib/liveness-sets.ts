/**
 * The liveness calibration data: the spoof-dev sets of ../shared/faces (webm clips first, crops
 * second) and genuine LFW-dev photos, scored per face by the passive model in both colour orders.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { decodeImage } from '../../src/main/engine/decode'
import type { EngineInternals } from '../../src/main/engine/engine'
import { livenessContextScale, livenessInput, livenessScore } from '../../src/main/engine/liveness'
import { inputDims, type LivenessSpec } from '../../src/main/engine/manifest'
import type { FaceCandidate } from '../../src/main/engine/pipeline'
import { headPose } from '../../src/main/engine/quality'
import type { EyeReading, RawImage } from '../../src/main/engine/types'
import { decodeVideo } from '../../tests/support/video'

export type ChannelOrder = 'BGR' | 'RGB'
export const CHANNEL_ORDERS: readonly ChannelOrder[] = ['BGR', 'RGB']

/** One face as the passive model sees it. */
export interface ScoredFace {
  /** p(live) per colour order. */
  score: Record<ChannelOrder, number>
  /** Liveness crop side / face box side. */
  context: number
  touchesBorder: boolean
  yawDeg: number
  eyes: EyeReading | null
}

export interface SampleSet {
  name: string
  /** true: live faces; false: presentation attacks. */
  live: boolean
  kind: 'clip' | 'crops' | 'photos'
  /** Capture time of each sample, seconds (clips only). */
  times?: number[]
  /** One entry per sample: null when no face was found. */
  faces: (ScoredFace | null)[]
}

type Source = { kind: 'file'; path: string } | { kind: 'raw'; image: RawImage }

function specFor(spec: LivenessSpec, order: ChannelOrder): LivenessSpec {
  return { ...spec, input: { ...spec.input, channelOrder: order } }
}

/** Subject = the largest face; p(live) in both colour orders, context, pose and (optionally) eyes. */
async function scoreOne(internals: EngineInternals, source: Source, still: boolean, withEyes: boolean): Promise<ScoredFace | null> {
  const { pipeline, manifest } = internals
  const img = await decodeImage(source.kind === 'file' ? readFileSync(source.path) : source.image, manifest.pipeline.maxInputPixels)
  const detections = await pipeline.detect(img, still)
  if (detections.length === 0) return null
  const face: FaceCandidate = await pipeline.landmarks(img, detections[0])
  const session = await pipeline.session('liveness')
  const spec = pipeline.models.liveness
  const score = {} as Record<ChannelOrder, number>
  for (const order of CHANNEL_ORDERS) {
    const s = specFor(spec, order)
    const out = await session.run({ [s.input.name]: { data: livenessInput(img, face.box, s), dims: inputDims(s.input) } })
    score[order] = livenessScore(out[s.outputs.logits.name].data, s)
  }
  return {
    score,
    context: livenessContextScale(face.box, img.width, img.height, spec.boxScale),
    touchesBorder: face.touchesBorder,
    yawDeg: headPose(face.landmarks5, manifest.pipeline.quality.noseDepthRatio).yawDeg,
    eyes: withEyes ? await pipeline.eyes(img, face) : null
  }
}

export function imageFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => /\.(png|jpe?g)$/i.test(n))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((n) => join(dir, n))
}

export async function scoreFiles(internals: EngineInternals, name: string, live: boolean, kind: SampleSet['kind'], files: string[], withEyes = false): Promise<SampleSet> {
  const faces: (ScoredFace | null)[] = []
  for (const path of files) faces.push(await scoreOne(internals, { kind: 'file', path }, true, withEyes))
  return { name, live, kind, faces }
}

/** Every frame of a clip at `fps`, as the camera loop would see it (no still-image padding). */
export async function scoreClip(internals: EngineInternals, name: string, live: boolean, file: string, fps: number): Promise<SampleSet> {
  const video = await decodeVideo(file, { fps })
  const faces: (ScoredFace | null)[] = []
  for (const data of video.frames) {
    faces.push(await scoreOne(internals, { kind: 'raw', image: { data, width: video.width, height: video.height, channels: 3 } }, false, true))
  }
  return { name, live, kind: 'clip', times: video.frames.map((_, i) => i / fps), faces }
}

/** `count` LFW-dev images spread evenly over the sorted list of every image (deterministic). */
export function lfwSample(lfwImagesDir: string, count: number): string[] {
  const all = readdirSync(lfwImagesDir)
    .sort()
    .flatMap((person) =>
      readdirSync(join(lfwImagesDir, person))
        .sort()
        .map((f) => join(lfwImagesDir, person, f))
    )
  const step = all.length / count
  return Array.from({ length: Math.min(count, all.length) }, (_, i) => all[Math.floor(i * step)]!)
}

/** Probability that a random live score exceeds a random spoof score (ties count half). */
export function auc(live: number[], spoof: number[]): number {
  const sorted = [...live.map((v) => ({ v, live: true })), ...spoof.map((v) => ({ v, live: false }))].sort((a, b) => a.v - b.v)
  let rankSum = 0
  for (let i = 0; i < sorted.length; ) {
    let j = i
    while (j < sorted.length && sorted[j]!.v === sorted[i]!.v) j++
    const meanRank = (i + j + 1) / 2
    for (let k = i; k < j; k++) if (sorted[k]!.live) rankSum += meanRank
    i = j
  }
  return (rankSum - (live.length * (live.length + 1)) / 2) / (live.length * spoof.length)
}
