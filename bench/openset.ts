/**
 * Open-set door decisions on LFW-dev: how often a stranger's attempt opens the door, and how often
 * a resident's opens it, per sensitivity preset and gallery size.
 *
 *   npm run bench:openset [-- --windows 2] [-- --frames 3] [-- --lfw DIR]
 *
 * Residents: people with at least 3 photos, in a seeded shuffled order (galleries are nested);
 * enrolled with their first 1 or 3 photos (still-image mode, as enrollment from a file). Attempts:
 * every probe photo (the first PROBE_PHOTOS of each person) gives --windows attempts of --frames
 * jittered frames (bench/lib/door-attempts.ts), run as camera frames (no still-image padding) at
 * FRAME_INTERVAL_MS through the real AccessDecider (identity only: liveness off). A stranger is
 * anyone not enrolled in that gallery; a genuine attempt uses a resident's photos that were not
 * enrolled. A stranger attempt with any grant is a false open; a genuine attempt is accepted when
 * the resident is granted. Embeddings are computed once per run and kept in memory. LFW-dev is also
 * the data the impostor tail was measured on (npm run bench:tail): these figures are in-sample.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { AccessDecider } from '../src/main/access/decider'
import { DEFAULT_ACCESS_CONFIG, SENSITIVITY_PRESETS } from '../src/main/access/config'
import { thresholdInForce } from '../src/main/access/thresholds'
import type { FaceTrace } from '../src/main/access/types'
import { createFaceEngineWithInternals } from '../src/main/engine/engine'
import { Gallery } from '../src/main/engine/gallery'
import { cpuIdentity } from './lib/cpu'
import { seededRandom } from '../tests/support/random'
import { attemptFrames, frameFace } from './lib/door-attempts'
import { embedFiles } from './lib/embed-set'
import { lfwPeople, type LfwPerson } from './lib/lfw-people'
import { argValue, FACES_DIR, requireDir } from './lib/paths'

const GALLERY_SIZES = [5, 20, 50, 100, 200, 400]
const PHOTOS_PER_RESIDENT = [1, 3]
const MIN_RESIDENT_PHOTOS = 3
/** Photos of one person used for attempts (a few people have 100+ photos). */
const PROBE_PHOTOS = 6
const FRAME_INTERVAL_MS = 333
/** Between attempts: longer than the track gap and the cooldown, so each attempt is a new appearance. */
const ATTEMPT_GAP_MS = 60_000
const SEED = 11

interface Attempt {
  person: number
  photo: number
  /** Subject face per frame (null: no face in that frame). */
  frames: (FaceTrace | null)[]
}

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

interface Cell {
  strangerAttempts: number
  falseOpens: number
  genuineAttempts: number
  genuineAccepted: number
  wrongResident: number
  threshold: number
}

const perAttempt = (n: number, of: number) => (n === 0 ? `0 in ${of}` : `${n} in ${of} (1 in ${Math.round(of / n)})`)
const pct = (n: number, of: number) => (of === 0 ? 'n/a' : `${((100 * n) / of).toFixed(1)} %`)

async function main(): Promise<void> {
  const lfwDir = requireDir(argValue('--lfw') ?? join(FACES_DIR, 'lfw-dev'), 'LFW-dev')
  const windows = Number(argValue('--windows') ?? 2)
  const frames = Number(argValue('--frames') ?? 3)
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
  const enrollPaths = candidates.slice(0, maxSize).flatMap((i) => people[i].photos.slice(0, Math.max(...PHOTOS_PER_RESIDENT)))
  const enrolled = await embedFiles(internals, enrollPaths, true)
  const { attempts, msPerFrame } = await buildAttempts(internals, people, windows, frames)
  console.log(`\n${attempts.length} attempts of ${frames} frames at ${FRAME_INTERVAL_MS} ms (${windows} per photo, up to ${PROBE_PHOTOS} photos per person, ${people.length} people); engine ${msPerFrame.toFixed(1)} ms per frame (jitter, detect, landmarks, embed)`)

  const decisionMs: number[] = []
  const results = new Map<string, Cell>()
  for (const photosEach of PHOTOS_PER_RESIDENT) {
    for (const size of GALLERY_SIZES) {
      const residents = candidates.slice(0, size)
      const gallery = new Gallery()
      for (const r of residents) {
        for (const path of people[r].photos.slice(0, photosEach)) {
          const e = enrolled.get(path)
          if (e) gallery.add(String(r), spec.flipTta ? e.flipTta : e.plain)
        }
      }
      const inGallery = new Set(residents)
      for (const preset of SENSITIVITY_PRESETS) {
        const decider = new AccessDecider({ config: { preset, liveness: { mode: 'off' } }, thresholds: engine.thresholds, gallerySize: gallery.size })
        const threshold = decider.activeThreshold
        const cell: Cell = { strangerAttempts: 0, falseOpens: 0, genuineAttempts: 0, genuineAccepted: 0, wrongResident: 0, threshold }
        let at = 0
        for (const attempt of attempts) {
          const resident = inGallery.has(attempt.person)
          if (resident && attempt.photo < photosEach) continue
          decider.reset()
          at += ATTEMPT_GAP_MS
          let granted: string | null = null
          for (const face of attempt.frames) {
            at += FRAME_INTERVAL_MS
            const t0 = performance.now()
            const match = face ? gallery.identify(face.embedding, threshold) : null
            const d = decider.observe({ at, match, face: face ?? undefined })
            decisionMs.push(performance.now() - t0)
            if (d.result === 'granted') granted = d.residentId
          }
          if (!resident) {
            cell.strangerAttempts++
            if (granted !== null) cell.falseOpens++
          } else {
            cell.genuineAttempts++
            if (granted === String(attempt.person)) cell.genuineAccepted++
            else if (granted !== null) cell.wrongResident++
          }
        }
        results.set(`${photosEach}/${size}/${preset}`, cell)
      }
    }
  }

  for (const photosEach of PHOTOS_PER_RESIDENT) {
    console.log(`\n${photosEach} enrollment photo(s) per resident`)
    console.log('| preset | residents | threshold | predicted false opens / stranger attempt | false opens / stranger attempt | genuine accept | wrong resident |')
    console.log('|---|---|---|---|---|---|---|')
    for (const preset of SENSITIVITY_PRESETS) {
      for (const size of GALLERY_SIZES) {
        const c = results.get(`${photosEach}/${size}/${preset}`)!
        const predicted = thresholdInForce(DEFAULT_ACCESS_CONFIG, engine.thresholds, size * photosEach, preset).strangerRate
        console.log(
          `| ${preset} | ${size} | ${c.threshold.toFixed(3)} | ${predicted.toExponential(1)} | ${perAttempt(c.falseOpens, c.strangerAttempts)} | ${pct(c.genuineAccepted, c.genuineAttempts)} of ${c.genuineAttempts} | ${c.wrongResident} |`
        )
      }
    }
  }
  decisionMs.sort((a, b) => a - b)
  const q = (p: number) => decisionMs[Math.min(decisionMs.length - 1, Math.floor(p * decisionMs.length))].toFixed(3)
  console.log(`\ndecision time per frame (gallery.identify + decider.observe), over ${decisionMs.length} frames and every gallery: median ${q(0.5)} ms, p95 ${q(0.95)} ms`)
  await engine.dispose()
}

await main()
