/**
 * One open-set run of bench:openset: every attempt against one gallery through the real decider.
 * A stranger attempt with any grant is a false open; a genuine attempt is accepted when its own
 * resident is granted.
 */
import { AccessDecider } from '../../src/main/access/decider'
import type { SensitivityPreset } from '../../src/main/access/config'
import type { GallerySize } from '../../src/main/access/thresholds'
import type { AccessDecision, FaceTrace, MatchThresholdsInput } from '../../src/main/access/types'
import type { Gallery } from '../../src/main/engine/gallery'

export interface Attempt {
  person: number
  photo: number
  /** Subject face per frame (null: no face in that frame). */
  frames: (FaceTrace | null)[]
}

export interface Cell {
  strangerAttempts: number
  falseOpens: number
  genuineAttempts: number
  genuineAccepted: number
  wrongResident: number
  /** Why genuine attempts were not accepted (the last decision's reason). */
  misses: Map<string, number>
  threshold: number
}

export const emptyCell = (): Cell => ({ strangerAttempts: 0, falseOpens: 0, genuineAttempts: 0, genuineAccepted: 0, wrongResident: 0, misses: new Map(), threshold: 0 })

export interface RunSpec {
  gallery: Gallery
  /** What a stranger meets (the decider's G). */
  size: GallerySize
  /** Enrolled people (LFW person index) and how many of their photos were enrolled. */
  residents: Set<number>
  photosEach: number
  preset: SensitivityPreset
  thresholds: MatchThresholdsInput
  fuse: boolean
  frameIntervalMs: number
  attemptGapMs: number
  /** Per-frame decision times are pushed here (every `sampleEvery`-th frame). */
  times: number[]
}

const SAMPLE_EVERY = 17

/** Adds one gallery's attempts to `cell`. */
export function runGallery(attempts: readonly Attempt[], spec: RunSpec, cell: Cell): void {
  const { gallery } = spec
  let threshold = 0
  const decider: AccessDecider = new AccessDecider({
    config: { preset: spec.preset, fuseTrack: spec.fuse, liveness: { mode: 'off' } },
    thresholds: spec.thresholds,
    gallerySize: spec.size,
    matcher: {
      identify: (probe) => gallery.identify(probe, threshold),
      distanceTo: (probe, id) => gallery.verify(probe, id, threshold).distance
    }
  })
  threshold = decider.activeThreshold
  cell.threshold = threshold
  let at = 0
  let frameNo = 0
  for (const attempt of attempts) {
    const resident = spec.residents.has(attempt.person)
    if (resident && attempt.photo < spec.photosEach) continue
    decider.reset()
    at += spec.attemptGapMs
    let granted: string | null = null
    let last: AccessDecision | null = null
    for (const face of attempt.frames) {
      at += spec.frameIntervalMs
      const t0 = performance.now()
      const match = face ? gallery.identify(face.embedding, threshold) : null
      const d = decider.observe({ at, match, face: face ?? undefined })
      if (++frameNo % SAMPLE_EVERY === 0) spec.times.push(performance.now() - t0)
      if (d.result === 'granted') granted = d.residentId
      last = d
    }
    if (!resident) {
      cell.strangerAttempts++
      if (granted !== null) cell.falseOpens++
    } else {
      cell.genuineAttempts++
      if (granted === String(attempt.person)) cell.genuineAccepted++
      else if (granted !== null) cell.wrongResident++
      else {
        const why = missReason(last, String(attempt.person), threshold)
        cell.misses.set(why, (cell.misses.get(why) ?? 0) + 1)
      }
    }
  }
}

/** Why a resident's attempt ended without their grant, from its last decision. */
function missReason(last: AccessDecision | null, own: string, threshold: number): string {
  if (last === null || last.distance === null) return 'no face'
  if (last.candidateId !== own) return 'nearest is another resident'
  if (!(last.distance < threshold)) return 'over threshold'
  return 'margin or too few frames'
}
