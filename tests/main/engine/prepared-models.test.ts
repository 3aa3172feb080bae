/**
 * The prepared models (tiny float32 weights flushed to 0 by `npm run models`, see
 * scripts/prepare-model.mjs) must stay the same models as the pinned originals: same bytes on every
 * machine, and the same outputs on real faces.
 */
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { padChannels } from '../../../scripts/channel-pad.mjs'
import { pruneChannels } from '../../../scripts/channel-prune.mjs'
import { resizeDetector } from '../../../scripts/detector-resize.mjs'
import { flushTinyWeights, prepareModel, preparedFiles } from '../../../scripts/prepare-model.mjs'
import { alignFace } from '../../../src/main/engine/align'
import { decodeImage } from '../../../src/main/engine/decode'
import { createFaceEngine, createFaceEngineWithInternals } from '../../../src/main/engine/engine'
import { toTensor } from '../../../src/main/engine/image-ops'
import { landmarkInput } from '../../../src/main/engine/landmarks'
import { livenessInput } from '../../../src/main/engine/liveness'
import { cpuFeatures } from '../../../src/main/engine/cpu-features'
import { decodeDetections, detectorFrame, detectorInput } from '../../../src/main/engine/detect'
import { boxArea, intersectionOverUnion } from '../../../src/main/engine/geometry'
import { inputDims, loadedFile, loadedInput, loadManifest, type ModelSpec } from '../../../src/main/engine/manifest'
import { defaultManifestPath, defaultModelsDir, readVerifiedModel } from '../../../src/main/engine/model-files'
import { openSession, type ModelSession, type RuntimeOptions } from '../../../src/main/engine/onnx-runtime'
import { FACES_DIR } from '../../support/faces'

const modelsDir = defaultModelsDir()
const manifest = loadManifest(defaultManifestPath(modelsDir))
const prepared = Object.entries(manifest.models).filter(([, m]) => m.prepared)
/** Every prepared file as its own entry: a model's variant for CPUs without AVX-512 too. */
const derivations = prepared.flatMap(([id, spec]) =>
  preparedFiles(spec.prepared!).map((p, k) => [k === 0 ? id : `${id} (without AVX-512)`, { ...spec, prepared: p }] as [string, ModelSpec])
)
function detectorSpec() {
  const spec = manifest.models[manifest.defaults.detector]
  if (spec.role !== 'detector') throw new Error('the default detector has another role')
  return spec
}
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const runtime: RuntimeOptions = {
  threads: manifest.runtime.intraOpThreads,
  allowSpinning: manifest.runtime.allowSpinning,
  graphOptimizationLevel: manifest.runtime.graphOptimizationLevel,
  denormalAsZero: manifest.runtime.denormalAsZero
}

describe('prepared model files', () => {
  it('the embedding, landmark and liveness models are loaded prepared', () => {
    const { embedding, landmarks, liveness } = manifest.defaults
    expect(prepared.map(([id]) => id)).toEqual(expect.arrayContaining([embedding, landmarks, liveness]))
  })

  it.each(derivations)('%s: derived byte for byte as pinned, nothing tiny left', (_id, spec) => {
    const original = readVerifiedModel(modelsDir, spec.file, spec.sha256)
    const onDisk = readVerifiedModel(modelsDir, spec.prepared!.file, spec.prepared!.sha256)
    const derived = prepareModel(original, spec.prepared!, spec.role === 'detector' ? spec.priors : undefined)
    expect(sha256(derived.bytes)).toBe(spec.prepared!.sha256)
    expect(derived.stats.flushed + derived.stats.preluRewritten + (derived.stats.anchors ? 1 : 0)).toBeGreaterThan(0)
    expect(derived.stats.anchors !== null).toBe(spec.prepared!.resizeInput !== undefined)
    expect(derived.stats.preluRewritten > 0).toBe(spec.prepared!.rewritePrelu)
    expect(derived.stats.chainsPadded > 0).toBe(spec.prepared!.padChannelsTo !== undefined)
    expect(derived.stats.chainsPruned > 0).toBe(spec.prepared!.pruneChannels !== undefined)
    expect(flushTinyWeights(onDisk, spec.prepared!.flushAbsBelow).stats.flushed).toBe(0)
  })

  it.each(prepared.filter(([, spec]) => spec.prepared!.padChannelsTo))('%s: every odd block is padded (nothing is left to pad)', (_id, spec) => {
    const original = readVerifiedModel(modelsDir, spec.file, spec.sha256)
    const multiple = spec.prepared!.padChannelsTo!
    const padded = prepareModel(original, { ...spec.prepared!, rewritePrelu: false })
    expect(padChannels(original, multiple).padded).toBe(padded.stats.chainsPadded)
    expect(padChannels(padded.bytes, multiple).padded).toBe(0)
  })

  it.each(derivations.filter(([, spec]) => spec.prepared!.pruneChannels))(
    '%s: every dead channel is pruned (nothing is left to prune), kept counts stay multiples of the block',
    (_id, spec) => {
      const original = readVerifiedModel(modelsDir, spec.file, spec.sha256)
      const options = spec.prepared!.pruneChannels!
      const { stats, bytes } = prepareModel(original, { ...spec.prepared!, rewritePrelu: false })
      const [before, after] = stats.channelsPruned
      expect(after).toBeLessThan(before)
      expect(after % options.multiple).toBe(0)
      expect(pruneChannels(bytes, options).pruned).toBe(0)
      // A stricter cut drops fewer channels; none at all below the smallest non-zero weight.
      const stricter = pruneChannels(flushTinyWeights(original, spec.prepared!.flushAbsBelow).bytes, { ...options, deadBelow: options.deadBelow / 1e6 })
      expect(stricter.channelsAfter).toBeGreaterThanOrEqual(after)
      expect(() => pruneChannels(original, { ...options, deadBelow: 1e-3 })).toThrow(RangeError)
    }
  )

  it.each(prepared.filter(([, spec]) => spec.prepared!.withoutAvx512))('%s: the variant without AVX-512 is smaller (fewer channels kept) and is what such a CPU loads', (_id, spec) => {
    const [main, variant] = preparedFiles(spec.prepared!).map((p) => readVerifiedModel(modelsDir, p.file, p.sha256))
    expect(variant.length).toBeLessThan(main.length)
    expect(loadedFile(spec, { avx512f: false }).file).toBe(spec.prepared!.withoutAvx512!.file)
    expect(loadedFile(spec, { avx512f: true }).file).toBe(spec.prepared!.file)
    expect(loadedFile(spec, { avx512f: null }).file).toBe(spec.prepared!.file)
    expect(loadedFile(spec).file).toBe(spec.prepared!.file)
  })

  it('the detector resize reproduces the original at its own size byte for byte (the manifest\'s prior rule is the file\'s)', () => {
    const spec = detectorSpec()
    const original = readVerifiedModel(modelsDir, spec.file, spec.sha256)
    const rule = { strides: spec.priors!.strides, minBoxes: spec.priors!.minBoxes }
    const same = resizeDetector(original, { ...rule, width: spec.input.width, height: spec.input.height, centres: 'feature-map' })
    expect(Buffer.compare(same.bytes, original)).toBe(0)
    const other = { ...rule, minBoxes: rule.minBoxes.map((boxes) => boxes.map((m) => m + 1)), width: 160, height: 120, centres: 'stride' as const }
    expect(() => resizeDetector(original, other)).toThrow(/prior/)
    expect(resizeDetector(original, { ...rule, width: 160, height: 120, centres: 'stride' }).anchors).toEqual([4420, 1118])
  })

  it.each(prepared)('%s: the flush patches weights in place (same length, only flushed weights differ)', (_id, spec) => {
    const original = readVerifiedModel(modelsDir, spec.file, spec.sha256)
    const { bytes, stats } = flushTinyWeights(original, spec.prepared!.flushAbsBelow)
    expect(bytes.length).toBe(original.length)
    let changedBytes = 0
    for (let p = 0; p < original.length; p++) if (original[p] !== bytes[p]) changedBytes++
    expect(changedBytes).toBeLessThanOrEqual(4 * stats.flushed)
    expect(changedBytes > 0).toBe(stats.flushed > 0)
  })
})

describe('a prepared file that is missing or altered is refused with `npm run models`', () => {
  let dir: string
  const [embeddingId, embedding] = prepared.find(([id]) => id === manifest.defaults.embedding)!
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hh-prepared-'))
    for (const role of ['detector', 'cameraDetector', 'landmarks'] as const) {
      const id = manifest.defaults[role]
      if (id === undefined) continue
      const { file } = loadedFile(manifest.models[id])
      copyFileSync(join(modelsDir, file), join(dir, file))
    }
    // Only the original, as an install from before the prepared files had.
    copyFileSync(join(modelsDir, embedding.file), join(dir, embedding.file))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  // The engine loads the embedding model while warming up for detection.
  const failureOf = async () => {
    const engine = createFaceEngine({ modelsDir: dir, manifestPath: defaultManifestPath(modelsDir) })
    const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#000' } }).png().toBuffer()
    const error = await engine.detectFaces(png).then(() => null, (e: { code?: string; message?: string }) => e)
    await engine.dispose()
    return error
  }

  it(`${embeddingId}: only the original present -> MODELS_MISSING`, async () => {
    const error = await failureOf()
    expect(error?.code).toBe('MODELS_MISSING')
    expect(error?.message).toContain(loadedFile(embedding, cpuFeatures()).file)
    expect(error?.message).toContain('npm run models')
  })

  it(`${embeddingId}: the original copied over the prepared name -> MODELS_CORRUPT`, async () => {
    copyFileSync(join(modelsDir, embedding.file), join(dir, loadedFile(embedding, cpuFeatures()).file))
    const error = await failureOf()
    expect(error?.code).toBe('MODELS_CORRUPT')
    expect(error?.message).toContain('npm run models')
  })
})

const LFW_IMAGES = join(FACES_DIR, 'lfw-dev', 'images')
const FACES = 50
const lfwPresent = existsSync(LFW_IMAGES)
if (!lfwPresent) console.warn(`[skip] prepared vs original outputs: LFW-dev images not found at ${LFW_IMAGES}`)

/** Cosine similarity of two raw model outputs. */
function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i]
    na += a[i] * a[i]
    nb += b[i] * b[i]
  }
  return dot / Math.sqrt(na * nb)
}

/** The prepared detector's largest face against the original's best-overlapping face, per photo. */
/** Detectors loaded from a resized prepared file (e.g. the camera-frame detector). */
const resizedDetectors = Object.entries(manifest.models).flatMap(([id, m]) => (m.role === 'detector' && m.prepared?.resizeInput ? [[id, m] as const] : []))

async function detectorAgreement(spec: ReturnType<typeof detectorSpec>, photos: Uint8Array[]): Promise<{ found: number; ious: number[] }> {
  const inputs = { original: spec.input, prepared: loadedInput(spec) }
  const [original, preparedSession] = await Promise.all([
    openSession(readVerifiedModel(modelsDir, spec.file, spec.sha256), 'detector (original)', runtime),
    openSession(readVerifiedModel(modelsDir, loadedFile(spec).file, loadedFile(spec).sha256), 'detector (prepared)', runtime)
  ])
  const detect = async (session: ModelSession, input: typeof spec.input, img: Awaited<ReturnType<typeof decodeImage>>) => {
    const model = { ...spec, input }
    const frame = detectorFrame(img.width, img.height, manifest.pipeline.stillImagePadPx)
    const out = await session.run({ [input.name]: { data: detectorInput(img, frame, model), dims: inputDims(input) } })
    return decodeDetections(out[spec.outputs.scores.name].data, out[spec.outputs.boxes.name].data, frame, model).sort((a, b) => boxArea(b.box) - boxArea(a.box))
  }
  let found = 0
  const ious: number[] = []
  try {
    for (const photo of photos) {
      const img = await decodeImage(photo, manifest.pipeline.maxInputPixels)
      const [mine] = await detect(preparedSession, inputs.prepared, img)
      const theirs = await detect(original, inputs.original, img)
      if (!mine || theirs.length === 0) continue
      found++
      ious.push(Math.max(...theirs.map((d) => intersectionOverUnion(d.box, mine.box))))
    }
  } finally {
    await Promise.all([original.release(), preparedSession.release()])
  }
  return { found, ious: ious.sort((a, b) => a - b) }
}

describe.skipIf(!lfwPresent)(`prepared vs original outputs on ${FACES} LFW-dev faces`, () => {
  const { engine, internals } = createFaceEngineWithInternals()
  const { landmarks, embedding, liveness } = internals.pipeline.models
  const open = (spec: ModelSpec, prepared: boolean): Promise<ModelSession> => {
    const { file, sha256: pinned } = prepared ? loadedFile(spec) : spec
    return openSession(readVerifiedModel(modelsDir, file, pinned), `${spec.file} (${prepared ? 'prepared' : 'original'})`, runtime)
  }
  const sessions: ModelSession[] = []
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.release()))
    await engine.dispose()
  })

  if (resizedDetectors.length === 0) {
    console.log('skipped: every detector runs at its original input size (no manifest prepared.resizeInput), so there is no resized detector to compare')
  }
  it.skipIf(resizedDetectors.length === 0).each(resizedDetectors)('%s (resized input): finds every face the original finds, at the same place (IoU >= 0.5 each, median >= 0.85)', async (_id, spec) => {
    const people = readdirSync(LFW_IMAGES).sort()
    const photos: Uint8Array[] = []
    for (let i = 3; i < people.length && photos.length < FACES; i += 7) photos.push(readFileSync(join(LFW_IMAGES, people[i], readdirSync(join(LFW_IMAGES, people[i])).sort()[0])))
    const { found, ious } = await detectorAgreement(spec, photos)
    console.log(`prepared vs original detector on ${photos.length} LFW-dev photos: both found ${found}, IoU min ${ious[0]}, median ${ious[ious.length >> 1]}`)
    expect(found).toBe(photos.length)
    expect(ious[0]).toBeGreaterThanOrEqual(0.5)
    expect(ious[ious.length >> 1]).toBeGreaterThanOrEqual(0.85)
  })

  it('embeddings (every prepared file): cosine >= 0.9999 on every face; landmarks within 1e-4 of the box; liveness logits within 1e-3', async () => {
    const embeddingFiles = preparedFiles(embedding.prepared!)
    const embPrepared = await Promise.all(embeddingFiles.map((p) => openSession(readVerifiedModel(modelsDir, p.file, p.sha256), p.file, runtime)))
    sessions.push(...embPrepared)
    const [embOriginal, lmOriginal, lmPrepared, liveOriginal, livePrepared] = await Promise.all([
      open(embedding, false),
      open(landmarks, false),
      open(landmarks, true),
      open(liveness, false),
      open(liveness, true)
    ])
    sessions.push(embOriginal, lmOriginal, lmPrepared, liveOriginal, livePrepared)
    const run = async (s: ModelSession, spec: ModelSpec, data: Float32Array, output: string) =>
      (await s.run({ [spec.input.name]: { data, dims: inputDims(spec.input) } }))[output].data
    // One photo of every 7th person in name order: spread over the set, the same faces every run.
    const people = readdirSync(LFW_IMAGES).sort()
    let compared = 0
    let worstCosine = 1
    let worstLandmark = 0
    let worstLogit = 0
    const maxDifference = (a: Float32Array, b: Float32Array) => a.reduce((m, v, k) => Math.max(m, Math.abs(v - b[k])), 0)
    for (let i = 0; i < people.length && compared < FACES; i += 7) {
      const photo = readdirSync(join(LFW_IMAGES, people[i])).sort()[0]
      const img = await decodeImage(readFileSync(join(LFW_IMAGES, people[i], photo)), manifest.pipeline.maxInputPixels)
      const [face] = await internals.pipeline.detectFaces(img, true)
      if (!face) continue
      const lmIn = landmarkInput(img, face.box, landmarks)
      const [a, b] = [await run(lmOriginal, landmarks, lmIn, landmarks.outputs.points.name), await run(lmPrepared, landmarks, lmIn, landmarks.outputs.points.name)]
      worstLandmark = Math.max(worstLandmark, maxDifference(a, b))
      const liveIn = livenessInput(img, face.box, liveness)
      const logits = liveness.outputs.logits.name
      worstLogit = Math.max(worstLogit, maxDifference(await run(liveOriginal, liveness, liveIn, logits), await run(livePrepared, liveness, liveIn, logits)))
      const aligned = alignFace(img, face.landmarks5, embedding.alignment.template, embedding.input.width, embedding.input.height)
      const embIn = toTensor(aligned, embedding.input)
      const name = embedding.outputs.embedding.name
      const reference = await run(embOriginal, embedding, embIn, name)
      for (const session of embPrepared) worstCosine = Math.min(worstCosine, cosine(reference, await run(session, embedding, embIn, name)))
      compared++
    }
    console.log(
      `prepared vs original on ${compared} LFW-dev faces: worst embedding cosine ${worstCosine} (${embeddingFiles.map((p) => p.file).join(', ')}), landmark difference ${worstLandmark}, liveness logit difference ${worstLogit}`
    )
    expect(compared).toBe(FACES)
    expect(worstCosine).toBeGreaterThanOrEqual(0.9999)
    expect(worstLandmark).toBeLessThan(1e-4)
    expect(worstLogit).toBeLessThan(1e-3)
  })
})
