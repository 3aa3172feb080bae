import { AppError } from '../../shared/errors'
import { l2Distance, type Gallery } from '../engine'

/**
 * "Same person?" checks run before photos are stored; each failure is NEEDS_CONFIRMATION, which
 * the user may override (confirm: true). Details carry distances only, never embeddings.
 */

export interface CandidatePhoto {
  /** Position of the photo in the request. */
  index: number
  embedding: Float32Array
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000

/** Photos of one request must show one person: no pair farther apart than `threshold`. */
export function assertConsistentPhotos(photos: readonly CandidatePhoto[], threshold: number, who: string): void {
  for (let i = 0; i < photos.length; i++) {
    for (let j = i + 1; j < photos.length; j++) {
      const distance = l2Distance(photos[i].embedding, photos[j].embedding)
      // The one boundary rule: the same person is strictly nearer than the threshold.
      if (!(distance < threshold)) {
        throw new AppError(
          'NEEDS_CONFIRMATION',
          `Photos ${photos[i].index + 1} and ${photos[j].index + 1} do not look like the same person: are they both ${who}?`,
          { kind: 'inconsistent-photos', photos: [photos[i].index, photos[j].index], distance: round3(distance), threshold }
        )
      }
    }
  }
}

/** A new resident must not already be enrolled: "looks like Kian: same person?". */
export function assertNotEnrolled(gallery: Gallery, photos: readonly CandidatePhoto[], threshold: number, newName: string, nameOf: (id: string) => string): void {
  const matches = new Map<string, number>()
  for (const photo of photos) {
    const hit = gallery.identify(photo.embedding, threshold)
    if (hit.residentId) matches.set(hit.residentId, Math.min(hit.distance, matches.get(hit.residentId) ?? Infinity))
  }
  if (matches.size === 0) return
  const list = [...matches]
    .sort((x, y) => x[1] - y[1])
    .map(([residentId, distance]) => ({ residentId, name: nameOf(residentId), distance: round3(distance) }))
  throw new AppError('NEEDS_CONFIRMATION', `This face looks like ${list[0].name}: same person? Confirm to enroll "${newName}" anyway.`, {
    kind: 'duplicate',
    matches: list,
    threshold
  })
}

/** A photo added to a resident must look like them and like no one else. */
export function assertBelongsTo(
  gallery: Gallery,
  photos: readonly CandidatePhoto[],
  target: { id: string; name: string },
  thresholds: { duplicate: number; consistency: number },
  nameOf: (id: string) => string
): void {
  const own = gallery.embeddingsOf(target.id)
  for (const photo of photos) {
    const hit = gallery.identify(photo.embedding, thresholds.duplicate)
    if (hit.residentId && hit.residentId !== target.id) {
      const other = nameOf(hit.residentId)
      throw new AppError('NEEDS_CONFIRMATION', `Photo ${photo.index + 1} looks like ${other}, not ${target.name}: add it to ${target.name} anyway?`, {
        kind: 'other-resident',
        index: photo.index,
        residentId: hit.residentId,
        name: other,
        distance: round3(hit.distance),
        threshold: thresholds.duplicate
      })
    }
    if (own.length === 0) continue
    const ownDistance = Math.min(...own.map((e) => l2Distance(e, photo.embedding)))
    if (!(ownDistance < thresholds.consistency)) {
      throw new AppError('NEEDS_CONFIRMATION', `Photo ${photo.index + 1} does not look like ${target.name}'s other photos: add it anyway?`, {
        kind: 'not-this-resident',
        index: photo.index,
        distance: round3(ownDistance),
        threshold: thresholds.consistency
      })
    }
  }
}
