import { rechain } from './audit-chain'
import { randomUUID } from 'node:crypto'
import { AppError } from '../../shared/errors'
import { nameKey, normalizeResidentName } from './names'
import { validateNewPhoto } from './photo-input'
import type { DatabaseData, StoredPhoto, StoredResident } from './schema'
import type { SnapshotFiles } from './snapshots'
import type { StoreCore } from './store-core'
import { STORE_CONFIG } from './store-config'
import type { GalleryEntry, NewPhoto, PhotoSummary, ResidentSummary } from './types'

function summarizePhoto(photo: StoredPhoto, activeModelId: string): PhotoSummary {
  return {
    id: photo.id,
    modelId: photo.modelId,
    quality: { ...photo.quality },
    source: photo.source,
    addedAt: photo.addedAt,
    needsReenrollment: photo.modelId !== activeModelId
  }
}

function summarizeResident(resident: StoredResident, activeModelId: string): ResidentSummary {
  const photos = resident.photos.map((p) => summarizePhoto(p, activeModelId))
  return {
    id: resident.id,
    name: resident.name,
    createdAt: resident.createdAt,
    updatedAt: resident.updatedAt,
    photos,
    needsReenrollment: !photos.some((p) => !p.needsReenrollment)
  }
}

function findResident(data: DatabaseData, id: string): StoredResident {
  const resident = typeof id === 'string' ? data.residents.find((r) => r.id === id) : undefined
  if (!resident) throw new AppError('NOT_FOUND', 'No such resident: it may have been deleted')
  return resident
}

function assertNameFree(data: DatabaseData, name: string, exceptId: string | null): void {
  const key = nameKey(name)
  const clash = data.residents.find((r) => r.id !== exceptId && nameKey(r.name) === key)
  if (clash) throw new AppError('CONFLICT', `A resident named "${clash.name}" already exists: choose another name`, { kind: 'name', name: clash.name, residentId: clash.id })
}

export class ResidentsRepo {
  readonly #core: StoreCore
  readonly #snapshots: SnapshotFiles

  constructor(core: StoreCore, snapshots: SnapshotFiles) {
    this.#core = core
    this.#snapshots = snapshots
  }

  list(): ResidentSummary[] {
    return this.#core.data.residents.map((r) => summarizeResident(r, this.#core.activeModelId))
  }

  /** Throws NOT_FOUND. */
  get(id: string): ResidentSummary {
    return summarizeResident(findResident(this.#core.data, id), this.#core.activeModelId)
  }

  /** Case-insensitive lookup by name (verification mode, CLI). */
  findByName(name: string): ResidentSummary | null {
    if (typeof name !== 'string') return null
    const key = nameKey(name)
    const found = this.#core.data.residents.find((r) => nameKey(r.name) === key)
    return found ? summarizeResident(found, this.#core.activeModelId) : null
  }

  /** The JPEG thumbnail of one photo. */
  thumbnail(residentId: string, photoId: string): Uint8Array {
    const photo = findResident(this.#core.data, residentId).photos.find((p) => p.id === photoId)
    if (!photo) throw new AppError('NOT_FOUND', 'No such photo')
    return this.#core.codec.decodeImage(photo.thumbnail, photo.id)
  }

  /** Creates a resident, with its photos, in one durable write. */
  async create(input: { name: string; photos?: NewPhoto[] }): Promise<ResidentSummary> {
    const name = normalizeResidentName(input?.name)
    const photos = (input?.photos ?? []).map((p) => validateNewPhoto(p, this.#core.activeModelId))
    this.#assertPhotoCount(photos.length)
    return this.#core.mutate((data) => {
      assertNameFree(data, name, null)
      for (const p of photos) this.#assertDims(data, p.embedding)
      const now = this.#core.nowIso()
      const resident: StoredResident = {
        id: randomUUID(),
        name,
        createdAt: now,
        updatedAt: now,
        photos: photos.map((p) => this.#storePhoto(p, now))
      }
      data.residents.push(resident)
      return summarizeResident(resident, this.#core.activeModelId)
    })
  }

  async rename(id: string, newName: string): Promise<ResidentSummary> {
    const name = normalizeResidentName(newName)
    return this.#core.mutate((data) => {
      const resident = findResident(data, id)
      assertNameFree(data, name, id)
      resident.name = name
      resident.updatedAt = this.#core.nowIso()
      return summarizeResident(resident, this.#core.activeModelId)
    })
  }

  async addPhoto(id: string, photo: NewPhoto): Promise<PhotoSummary> {
    const [added] = await this.addPhotos(id, [photo])
    return added
  }

  /** Adds several photos in one durable write (all or none). */
  async addPhotos(id: string, photos: NewPhoto[]): Promise<PhotoSummary[]> {
    if (!Array.isArray(photos) || photos.length === 0) throw new AppError('INVALID_PAYLOAD', 'At least one photo is required')
    const valid = photos.map((p) => validateNewPhoto(p, this.#core.activeModelId))
    return this.#core.mutate((data) => {
      const resident = findResident(data, id)
      this.#assertPhotoCount(resident.photos.length + valid.length)
      for (const p of valid) this.#assertDims(data, p.embedding)
      const now = this.#core.nowIso()
      const stored = valid.map((p) => this.#storePhoto(p, now))
      resident.photos.push(...stored)
      resident.updatedAt = now
      return stored.map((p) => summarizePhoto(p, this.#core.activeModelId))
    })
  }

  async removePhoto(id: string, photoId: string): Promise<void> {
    return this.#core.mutate((data) => {
      const resident = findResident(data, id)
      const index = resident.photos.findIndex((p) => p.id === photoId)
      if (index < 0) throw new AppError('NOT_FOUND', 'No such photo')
      resident.photos.splice(index, 1)
      resident.updatedAt = this.#core.nowIso()
    })
  }

  /**
   * Hard delete: the resident, its embeddings and thumbnails go; past events keep the attempt but
   * lose the resident's id, name and snapshot.
   */
  async delete(id: string): Promise<void> {
    const orphanedSnapshots = await this.#core.mutate((data) => {
      const resident = findResident(data, id)
      data.residents = data.residents.filter((r) => r !== resident)
      const snapshots: string[] = []
      let erased = false
      for (const event of data.events) {
        const claimed = event.claimedResidentId === id
        const decided = event.decidedResidentId === id
        if (!claimed && !decided) continue
        erased = true
        if (claimed) {
          event.claimedResidentId = null
          event.claimedResidentName = null
          event.claimedDeleted = true
        }
        if (decided) {
          event.decidedResidentId = null
          event.decidedResidentName = null
          event.decidedDeleted = true
        }
        if (event.snapshot) snapshots.push(event.snapshot)
        event.snapshot = null
      }
      // The erasure changed old entries: the app re-chains the log (a break found at open stays
      // recorded as a chained 'log-tampered' entry).
      if (erased) rechain(data, this.#core.codec)
      return snapshots
    })
    // After the database no longer refers to them; a crash here leaves orphans purged at next open.
    await this.#snapshots.remove(orphanedSnapshots)
  }

  /** Embeddings of the active model only: other models' vectors are not comparable. */
  galleryEntries(): GalleryEntry[] {
    const entries: GalleryEntry[] = []
    for (const resident of this.#core.data.residents) {
      for (const photo of resident.photos) {
        if (photo.modelId !== this.#core.activeModelId) continue
        entries.push({ residentId: resident.id, photoId: photo.id, embedding: this.#core.codec.decodeEmbedding(photo.embedding, photo.id) })
      }
    }
    return entries
  }

  #storePhoto(photo: NewPhoto, now: string): StoredPhoto {
    const id = randomUUID()
    return {
      id,
      modelId: photo.modelId,
      embedding: this.#core.codec.encodeEmbedding(photo.embedding, id),
      quality: { ...photo.quality },
      thumbnail: this.#core.codec.encodeImage(photo.thumbnailJpeg, id),
      source: photo.source,
      addedAt: now
    }
  }

  #assertPhotoCount(count: number): void {
    if (count > STORE_CONFIG.maxPhotosPerResident) {
      throw new AppError('INVALID_PAYLOAD', `A resident has at most ${STORE_CONFIG.maxPhotosPerResident} photos: remove one first`)
    }
  }

  /** All active-model embeddings must have the same length. */
  #assertDims(data: DatabaseData, embedding: Float32Array): void {
    for (const resident of data.residents) {
      const photo = resident.photos.find((p) => p.modelId === this.#core.activeModelId)
      if (!photo) continue
      const dims = this.#core.codec.decodeEmbedding(photo.embedding, photo.id).length
      if (dims !== embedding.length) {
        throw new AppError('INVALID_PAYLOAD', `Embedding has ${embedding.length} values but model ${this.#core.activeModelId} gives ${dims}`)
      }
      return
    }
  }
}
