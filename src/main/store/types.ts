import type { AccessEvent, AccessResult, AuditAction, PhotoQuality, PhotoSource } from './schema'

export type { AccessEvent, AccessResult, PhotoQuality, PhotoSource }

/** A photo as other code sees it: never the embedding bytes. */
export interface PhotoSummary {
  id: string
  modelId: string
  quality: PhotoQuality
  source: PhotoSource
  addedAt: string
  /** Made by another embedding model than the active one: not compared, re-enroll. */
  needsReenrollment: boolean
}

export interface ResidentSummary {
  id: string
  name: string
  createdAt: string
  updatedAt: string
  photos: PhotoSummary[]
  /** True when no photo of this resident was made by the active model (it cannot be recognised). */
  needsReenrollment: boolean
}

/** What the enrollment service hands the store for one accepted photo. */
export interface NewPhoto {
  modelId: string
  embedding: Float32Array
  quality: PhotoQuality
  /** Small JPEG of the face box. */
  thumbnailJpeg: Uint8Array
  source: PhotoSource
}

/** One comparable embedding of the active model. */
export interface GalleryEntry {
  residentId: string
  photoId: string
  embedding: Float32Array
}

export interface EventQuery {
  /** Inclusive lower bound (ISO string or Date). */
  from?: string | Date
  /** Inclusive upper bound. */
  to?: string | Date
  /** Events where this resident was claimed or decided. */
  residentId?: string
  result?: AccessResult
  /** Audit entries of this action only. */
  action?: AuditAction
  /** Newest first; default STORE_CONFIG.defaultQueryLimit. */
  limit?: number
  offset?: number
}
