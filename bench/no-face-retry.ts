/**
 * What the padded retry of camera frames without a face costs and finds (manifest
 * pipeline.padRetryWhenNoFace, src/main/engine/pipeline.ts `detect`).
 *
 *   npm run bench:retry
 *
 * Empty doorway: the left and right 200-px strips of the spoof-dev webm clips (a room, nobody in
 * it), scaled to 640x480. Faces filling the frame: the spoof-dev live face crops (tight, no border)
 * and LFW-dev photos cut to the face. Each set is run as a camera stream through one pipeline
 * (the rule keeps state between frames): faces found and detector CPU time per frame, with the rule,
 * without any retry and with a retry on every empty frame.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { decodeImage } from '../src/main/engine/decode'
import { createFaceEngineWithInternals } from '../src/main/engine/engine'
import type { RgbImage } from '../src/main/engine/image-ops'
import { decodeVideo, ffmpegAvailable } from '../tests/support/video'
import { cpuIdentity } from './lib/cpu'
import { FACES_DIR, requireDir } from './lib/paths'

const STRIP_PX = 200
const EMPTY_SIZE = { width: 640, height: 480 }
const CLIP_FPS = 4
const CROPS = 150
/** LFW-dev photos are 150x150 with the face centred: this box is about the face alone. */
const LFW_FACE = { left: 40, top: 40, width: 70, height: 80 }
const MAX_PIXELS = 40_000_000

const RULES = {
  'no retry': undefined,
  'rule (manifest)': 'manifest',
  'every empty frame': { nearMissScore: 0, everyNthEmptyFrame: 1 }
} as const

async function emptyDoorway(): Promise<RgbImage[]> {
  const dir = join(FACES_DIR, 'spoof-dev/apfol_liveness_opencv')
  const out: RgbImage[] = []
  for (const clip of ['live/real2.webm', 'spoof/fake2.webm']) {
    const v = await decodeVideo(join(dir, clip), { fps: CLIP_FPS })
    for (const frame of v.frames) {
      for (const left of [0, v.width - STRIP_PX]) {
        const jpeg = await sharp(Buffer.from(frame), { raw: { width: v.width, height: v.height, channels: 3 } })
          .extract({ left, top: 0, width: STRIP_PX, height: v.height })
          .resize(EMPTY_SIZE.width, EMPTY_SIZE.height, { fit: 'fill' })
          .jpeg()
          .toBuffer()
        out.push(await decodeImage(jpeg, MAX_PIXELS))
      }
    }
  }
  return out
}

async function tightCrops(): Promise<RgbImage[]> {
  const dir = join(FACES_DIR, 'spoof-dev/apfol_liveness_opencv/live')
  const files = readdirSync(dir).filter((f) => f.endsWith('.png')).sort().slice(0, CROPS)
  return Promise.all(files.map((f) => decodeImage(readFileSync(join(dir, f)), MAX_PIXELS)))
}

async function lfwFaces(): Promise<RgbImage[]> {
  const images = join(FACES_DIR, 'lfw-dev/images')
  const people = readdirSync(images).sort().slice(0, CROPS)
  const out: RgbImage[] = []
  for (const p of people) {
    const file = join(images, p, readdirSync(join(images, p)).sort()[0])
    out.push(await decodeImage(await sharp(file).extract(LFW_FACE).jpeg().toBuffer(), MAX_PIXELS))
  }
  return out
}

async function main(): Promise<void> {
  requireDir(FACES_DIR, 'face data')
  if (!ffmpegAvailable) {
    console.error('ffmpeg is needed to decode the empty-doorway clips (apt-get install ffmpeg)')
    process.exit(2)
  }
  console.log(cpuIdentity())
  const sets = { 'empty doorway (webm background strips)': await emptyDoorway(), 'spoof-dev live face crops': await tightCrops(), 'LFW-dev cut to the face': await lfwFaces() }
  for (const [ruleName, rule] of Object.entries(RULES)) {
    const { engine, internals } = createFaceEngineWithInternals()
    const config = internals.pipeline.config as { padRetryWhenNoFace?: unknown }
    if (rule !== 'manifest') config.padRetryWhenNoFace = rule
    await internals.pipeline.warmUp()
    console.log(`\n${ruleName}: ${JSON.stringify(config.padRetryWhenNoFace ?? null)}`)
    for (const [name, frames] of Object.entries(sets)) {
      let found = 0
      // Process CPU time, not wall time: other jobs on the machine do not inflate it.
      const cpu0 = process.cpuUsage()
      const passes0 = { ...internals.pipeline.detectorPasses }
      for (const img of frames) if ((await internals.pipeline.detect(img, false)).length > 0) found++
      const cpu = process.cpuUsage(cpu0)
      const cpuMs = (cpu.user + cpu.system) / 1000 / frames.length
      // Passes per frame do not depend on the machine's load: the figure to compare rules by.
      const { unpadded, padded } = internals.pipeline.detectorPasses
      const perFrame = (n: number) => (n / frames.length).toFixed(2)
      console.log(
        `  ${name.padEnd(40)} ${String(frames.length).padStart(4)} frames  face found in ${String(found).padStart(4)}  detect ${cpuMs.toFixed(2)} CPU ms/frame (mean)  passes/frame ${perFrame(unpadded - passes0.unpadded)} unpadded + ${perFrame(padded - passes0.padded)} padded`
      )
    }
    await engine.dispose()
  }
}

await main()
