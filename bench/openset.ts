/**
 * Open-set door decisions on LFW-dev: how often a stranger's attempt opens the door, and how often
 * a resident's opens it, per sensitivity preset and gallery size.
 *
 *   npm run bench:openset [-- --windows 1] [-- --frames 3] [-- --draws 10] [-- --lfw DIR] [-- --no-cache]
 *
 * Residents: people with at least 3 photos, in a seeded shuffled order, enrolled with their first 1
 * or 3 photos (still-image mode, as enrollment from a file). Each gallery size is drawn up to
 * --draws times from disjoint residents (5 residents: 10 galleries, 400: one), and every attempt is
 * run against every draw, so small galleries see more stranger attempts. Attempts: every probe
 * photo (the first PROBE_PHOTOS of each person) gives --windows attempts of --frames jittered
 * frames (bench/lib/door-attempts.ts), run as camera frames (no still-image padding) at
 * FRAME_INTERVAL_MS through the real AccessDecider (identity only: liveness off). A stranger is
 * anyone not enrolled in that gallery; a genuine attempt uses a resident's photos that were not
 * enrolled. Frames carry no quality weight here (all frames of an attempt come from one photo).
 * Embeddings are cached on disk (bench/lib/disk-cache.ts). LFW-dev is also the data the impostor
 * tail was measured on (npm run bench:tail): these figures are in-sample.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_ACCESS_CONFIG, SENSITIVITY_PRESETS, type SensitivityPreset } from '../src/main/access/config'
import { thresholdInForce, type GallerySize } from '../src/main/access/thresholds'
import type { FaceTrace } from '../src/main/access/types'
import { createFaceEngineWithInternals } from '../src/main/engine/engine'
import { Gallery } from '../src/main/engine/gallery'
import { templateGallery } from '../src/main/engine/templates'
import { cpuIdentity } from './lib/cpu'
import { seededRandom } from '../tests/support/random'
import { attemptFrames, frameFace, JITTER } from './lib/door-attempts'
import { embedFilesCached } from './lib/embed-set'
import { cached, packFloats, unpackFloats } from './lib/disk-cache'
import { lfwPeople, type LfwPerson } from './lib/lfw-people'
import { argValue, FACES_DIR, requireDir } from './lib/paths'
import { emptyCell, runGallery, type Attempt, type Cell } from './lib/openset-run'

const GALLERY_SIZES = [5, 20, 50, 100, 200, 400]
const PHOTOS_PER_RESIDENT = [1, 3]
/** Disjoint galleries drawn per size, at most (only 416 LFW-dev people have 3+ photos). */
const DEFAULT_DRAWS = 10

interface Variant {
  key: string
  label: string
  /** Fuse the probe over the track (the decider's fuseTrack). */
  fuse: boolean
  /** Compare with one template per resident (G = residents) instead of every photo (G = photos). */
  templates: boolean
  /** Thresholds from the templates' own impostor tail (the manifest's, npm run bench:tail) instead of the photo tail. */
  templateTail: boolean
}

const VARIANTS: Variant[] = [
  { key: 'frames', label: 'each frame, nearest photo (G = photos)', fuse: false, templates: false, templateTail: false },
  { key: 'fused', label: 'fused track, nearest photo (G = photos)', fuse: true, templates: false, templateTail: false },
  { key: 'fused-templates-photo-tail', label: 'fused track, templates (G = residents), photo tail', fuse: true, templates: true, templateTail: false },
  { key: 'fused-templates', label: 'fused track, templates (G = residents), template tail', fuse: true, templates: true, templateTail: true }
]
/** What the kiosk does (see src/main/features/gallery-ref.ts). */
const DEFAULT_VARIANT = 'fused-templates'
const MIN_RESIDENT_PHOTOS = 3
/** Photos of one person used for attempts (a few people have 100+ photos). */
const PROBE_PHOTOS = 6
const FRAME_INTERVAL_MS = 333
/** Between attempts: longer than the track gap and the cooldown, so each attempt is a new appearance. */
const ATTEMPT_GAP_MS = 60_000
const SEED = 11

type PackedFace = { cx: number; cy: number; size: number; landmarks68: FaceTrace['landmarks68']; embedding: string } | null
interface PackedAttempts {
  msPerFrame: number
  attempts: { person: number; photo: number; frames: PackedFace[] }[]
}
const packAttempts = (v: { attempts: Attempt[]; msPerFrame: number }): PackedAttempts => ({
  msPerFrame: v.msPerFrame,
  attempts: v.attempts.map((a) => ({ ...a, frames: a.frames.map((f) => f && { ...f, embedding: packFloats(f.embedding) }) }))
})
const unpackAttempts = (s: PackedAttempts): { attempts: Attempt[]; msPerFrame: number } => ({
  msPerFrame: s.msPerFrame,
  attempts: s.attempts.map((a) => ({ ...a, frames: a.frames.map((f) => f && { ...f, embedding: unpackFloats(f.embedding) }) }))
})

function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

async function buildAttempts(internals: Parameters<typeof frameFace>[0], people: LfwPerson[], windows: number, frames: number): Promise<{ attempts: Attempt[]; msPerFrame: number }> {
  const random = seededRandom(SEED)
  const attempts: Attempt[] = []
  const total = people.reduce((n, p) => n + Math.min(PROBE_PHOTOS, p.photos.length), 0) * windows
  const t0 = performance.now()
  let frameCount = 0
  for (let person = 0; person < people.length; person++) {
    const photos = people[person].photos.slice(0, PROBE_PHOTOS)
    for (let photo = 0; photo < photos.length; photo++) {
      const bytes = readFileSync(photos[photo])
      for (let w = 0; w < windows; w++) {
        const faces: (FaceTrace | null)[] = []
        for (const img of await attemptFrames(bytes, frames, random)) faces.push(await frameFace(internals, img))
        frameCount += frames
        attempts.push({ person, photo, frames: faces })
        if (attempts.length % 500 === 0) process.stdout.write(`  attempts ${attempts.length}/${total}\r`)
      }
    }
  }
  return { attempts, msPerFrame: (performance.now() - t0) / frameCount }
}

/** The decider's G: photos, or one row per resident (a one-photo resident's template is its photo). */
function rowsOf(variant: Variant, size: number, photosEach: number): GallerySize {
  if (!variant.templates) return size * photosEach
  return photosEach === 1 ? { photos: size, templates: 0 } : { photos: 0, templates: size }
}

const thousands = (n: number) => n.toLocaleString('en-US')
const pct = (n: number, of: number) => (of === 0 ? 'n/a' : `${((100 * n) / of).toFixed(1)} %`)
const cellText = (c: Cell) => `${c.falseOpens} / ${thousands(c.strangerAttempts)}; ${pct(c.genuineAccepted, c.genuineAttempts)} of ${thousands(c.genuineAttempts)}${c.wrongResident ? ` (${c.wrongResident} wrong)` : ''}`

async function main(): Promise<void> {
  const lfwDir = requireDir(argValue('--lfw') ?? join(FACES_DIR, 'lfw-dev'), 'LFW-dev')
  const windows = Number(argValue('--windows') ?? 1)
  const frames = Number(argValue('--frames') ?? 3)
  const maxDraws = Number(argValue('--draws') ?? DEFAULT_DRAWS)
  console.log(cpuIdentity())
  const { engine, internals } = createFaceEngineWithInternals()
  const spec = internals.pipeline.models.embedding
  const people = lfwPeople(lfwDir)
  const candidates = shuffled(
    people.map((p, i) => i).filter((i) => people[i].photos.length >= MIN_RESIDENT_PHOTOS),
    seededRandom(SEED)
  )
  const maxSize = Math.max(...GALLERY_SIZES)
  if (candidates.length < maxSize) throw new Error(`only ${candidates.length} people have ${MIN_RESIDENT_PHOTOS}+ photos`)
  // Camera frames go through the camera detector first: a new one means new attempts.
  const { cameraDetector } = internals.pipeline.models
  const detector = { id: cameraDetector.id, width: cameraDetector.input.width, height: cameraDetector.input.height }
  const attemptKey = JSON.stringify({ kind: 'openset-attempts', model: spec.id, detector, lfwDir, windows, frames, seed: SEED, probes: PROBE_PHOTOS, jitter: JITTER })
  const { attempts, msPerFrame } = await cached(attemptKey, () => buildAttempts(internals, people, windows, frames), packAttempts, unpackAttempts)
  // Every LFW-dev photo in still-image mode: the same cache as npm run bench:tail.
  const enrolled = await embedFilesCached(internals, people.flatMap((p) => p.photos), true)
  console.log(`\n${attempts.length} attempts of ${frames} frames at ${FRAME_INTERVAL_MS} ms (${windows} per photo, up to ${PROBE_PHOTOS} photos per person, ${people.length} people); engine ${msPerFrame.toFixed(1)} ms per frame (jitter, detect, landmarks, embed)`)

  const spec2 = { thresholds: engine.thresholds, frameIntervalMs: FRAME_INTERVAL_MS, attemptGapMs: ATTEMPT_GAP_MS }
  const still = (person: number, n: number) =>
    people[person].photos.slice(0, n).flatMap((path) => {
      const e = enrolled.get(path)
      return e ? [spec.flipTta ? e.flipTta : e.plain] : []
    })
  if (!engine.thresholds.templateTail) throw new Error('the model has no template tail: run npm run bench:tail -- --write first')
  // Variants that compare photos read the photo tail (thresholds.ts prefers the template tail).
  const { templateTail: _unused, ...photoTailOnly } = engine.thresholds
  const decisionMs: number[] = []

  /** Every draw of `size` residents with `photosEach` photos, one preset and variant, summed. */
  const measure = (photosEach: number, size: number, preset: SensitivityPreset, variant: Variant): Cell => {
    const cell = emptyCell()
    const draws = Math.min(maxDraws, Math.floor(candidates.length / size))
    for (let d = 0; d < draws; d++) {
      const residents = candidates.slice(d * size, (d + 1) * size)
      const photos = new Gallery()
      for (const r of residents) for (const e of still(r, photosEach)) photos.add(String(r), e)
      const gallery = variant.templates ? templateGallery(photos) : photos
      const thresholds = variant.templateTail ? engine.thresholds : photoTailOnly
      runGallery(attempts, { ...spec2, thresholds, gallery, size: rowsOf(variant, size, photosEach), residents: new Set(residents), photosEach, preset, fuse: variant.fuse, times: decisionMs }, cell)
    }
    return cell
  }

  console.log(`\nHow the open-set test is made (balanced, the default preset): false opens / stranger attempts; genuine accept`)
  console.log(`| photos each | comparison | ${GALLERY_SIZES.map((n) => `${n} residents`).join(' | ')} |`)
  console.log(`|---|---|${GALLERY_SIZES.map(() => '---|').join('')}`)
  for (const photosEach of PHOTOS_PER_RESIDENT) {
    for (const variant of VARIANTS) {
      if (photosEach === 1 && variant.templates) continue
      const cells = GALLERY_SIZES.map((size) => measure(photosEach, size, 'balanced', variant))
      console.log(`| ${photosEach} | ${variant.label} | ${cells.map(cellText).join(' | ')} |`)
      if (photosEach === Math.max(...PHOTOS_PER_RESIDENT)) {
        const misses = new Map<string, number>()
        for (const c of cells) for (const [k, n] of c.misses) misses.set(k, (misses.get(k) ?? 0) + n)
        console.log(`|  | genuine misses, all sizes: ${[...misses].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'} |`)
      }
    }
  }

  const chosen = VARIANTS.find((v) => v.key === (argValue('--variant') ?? DEFAULT_VARIANT))!
  for (const photosEach of PHOTOS_PER_RESIDENT) {
    const onePhoto = photosEach === 1 && chosen.templates ? ' (a one-photo resident is compared as that photo, on the photo tail)' : ''
    console.log(`\n${photosEach} enrollment photo(s) per resident, ${chosen.label}${onePhoto}: false opens / stranger attempts; genuine accept (of resident attempts); [threshold of the first draw, predicted stranger rate]`)
    console.log(`| preset | ${GALLERY_SIZES.map((n) => `${n} residents`).join(' | ')} |`)
    console.log(`|---|${GALLERY_SIZES.map(() => '---|').join('')}`)
    for (const preset of SENSITIVITY_PRESETS) {
      const cells = GALLERY_SIZES.map((size) => {
        const c = measure(photosEach, size, preset, chosen)
        const g = rowsOf(chosen, size, photosEach)
        const thresholds = chosen.templateTail ? engine.thresholds : photoTailOnly
        const predicted = thresholdInForce(DEFAULT_ACCESS_CONFIG, thresholds, g, preset).strangerRate
        return `${cellText(c)} [${c.threshold.toFixed(3)}, ${predicted.toExponential(0)}]`
      })
      console.log(`| ${preset} | ${cells.join(' | ')} |`)
    }
  }
  decisionMs.sort((a, b) => a - b)
  const q = (p: number) => decisionMs[Math.min(decisionMs.length - 1, Math.floor(p * decisionMs.length))].toFixed(3)
  console.log(`\ndecision time per frame (gallery.identify + decider.observe, with the fused probe's identify), ${decisionMs.length} frames sampled over every gallery: median ${q(0.5)} ms, p95 ${q(0.95)} ms, p99.9 ${q(0.999)} ms`)
  await engine.dispose()
}

await main()
