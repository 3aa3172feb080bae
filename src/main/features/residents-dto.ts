import type { ResidentDto } from '../../shared/ipc/contract'
import type { LookAlikeReport } from '../residents'
import type { ResidentSummary, Store } from '../store'

function thumbnailOf(store: Store, r: ResidentSummary, photoId: string | undefined): Uint8Array | null {
  if (!photoId) return null
  try {
    return store.residents.thumbnail(r.id, photoId)
  } catch {
    return null
  }
}

export function residentToDto(store: Store, r: ResidentSummary): ResidentDto {
  return {
    id: r.id,
    name: r.name,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    photoCount: r.photos.length,
    needsReenrollment: r.needsReenrollment,
    thumbnail: thumbnailOf(store, r, r.photos[0]?.id)
  }
}

export function residentDetailToDto(store: Store, r: ResidentSummary) {
  return {
    ...residentToDto(store, r),
    photos: r.photos.map((p) => ({
      id: p.id,
      source: p.source,
      addedAt: p.addedAt,
      needsReenrollment: p.needsReenrollment,
      quality: p.quality,
      thumbnail: thumbnailOf(store, r, p.id)
    }))
  }
}

export function lookAlikeToDto(l: LookAlikeReport) {
  return { a: { id: l.a.id, name: l.a.name }, b: { id: l.b.id, name: l.b.name }, distance: l.distance }
}
