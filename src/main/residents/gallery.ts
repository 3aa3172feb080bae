import { findLookAlikes, Gallery } from '../engine'
import type { Store } from '../store'
import type { GalleryMix } from '../access'

/** The engine's Gallery over the store's embeddings of the active model (others are not comparable). */
export function galleryFromStore(store: Pick<Store, 'galleryEntries'>): Gallery {
  const gallery = new Gallery()
  for (const entry of store.galleryEntries()) gallery.add(entry.residentId, entry.embedding)
  return gallery
}

/** What the door compares (see access/thresholds.ts): one-photo residents as photos, the others as templates. */
export function galleryMix(photos: Gallery): GalleryMix {
  let single = 0
  for (const id of photos.residents) if (photos.embeddingsOf(id).length === 1) single++
  return { photos: single, templates: photos.residents.length - single }
}

export interface LookAlikeReport {
  a: { id: string; name: string }
  b: { id: string; name: string }
  /** Smallest L2 distance between a photo of one and a photo of the other. */
  distance: number
}

/** Residents too close to each other by the engine's triplet-margin check, closest first, with names. */
export function lookAlikeReport(store: Pick<Store, 'galleryEntries' | 'residents'>, involving?: string): LookAlikeReport[] {
  const names = new Map(store.residents.list().map((r) => [r.id, r.name]))
  return findLookAlikes(galleryFromStore(store))
    .filter((pair) => involving === undefined || pair.a === involving || pair.b === involving)
    .map((pair) => ({
      a: { id: pair.a, name: names.get(pair.a) ?? pair.a },
      b: { id: pair.b, name: names.get(pair.b) ?? pair.b },
      distance: pair.distance
    }))
}
