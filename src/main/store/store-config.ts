import { z } from 'zod'

/** File names and limits of the store, validated once at import. */
const storeConfigSchema = z.object({
  dbFileName: z.string().min(1),
  backupSuffix: z.string().min(1),
  corruptPrefix: z.string().min(1),
  lockFileName: z.string().min(1),
  snapshotDirName: z.string().min(1),
  /** Besides every load, the backup follows the database at most this often. */
  backupIntervalMs: z.number().int().min(0),
  /** Upper bound on stored bytes, so a hostile caller cannot bloat the JSON file. */
  maxThumbnailBytes: z.number().int().positive(),
  maxSnapshotBytes: z.number().int().positive(),
  maxEmbeddingDims: z.number().int().positive(),
  maxPhotosPerResident: z.number().int().positive(),
  maxNameLength: z.number().int().positive(),
  /** Default `limit` of events.query when the caller gives none. */
  defaultQueryLimit: z.number().int().positive()
})

export type StoreConfig = z.infer<typeof storeConfigSchema>

export const STORE_CONFIG: StoreConfig = storeConfigSchema.parse({
  dbFileName: 'happy-house.json',
  backupSuffix: '.bak',
  corruptPrefix: 'happy-house.corrupt-',
  lockFileName: 'happy-house.lock',
  snapshotDirName: 'snapshots',
  backupIntervalMs: 5 * 60 * 1000,
  maxThumbnailBytes: 64 * 1024,
  maxSnapshotBytes: 2 * 1024 * 1024,
  maxEmbeddingDims: 4096,
  maxPhotosPerResident: 20,
  maxNameLength: 80,
  defaultQueryLimit: 500
})
