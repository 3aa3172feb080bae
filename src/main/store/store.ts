import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { AppError } from '../../shared/errors'
import { plainCodec, type BiometricCodec } from './codec'
import { reencodeSnapshotFiles } from './codec-migration'
import { EventsRepo } from './events-repo'
import { acquireDirLock } from './lock'
import type { StoreNotice } from './notices'
import { databasePaths, openDatabase } from './open-database'
import { ResidentsRepo } from './residents-repo'
import { SettingsRepo } from './settings-repo'
import { SnapshotFiles } from './snapshots'
import { StoreCore } from './store-core'
import { STORE_CONFIG } from './store-config'
import type { GalleryEntry } from './types'

export interface OpenStoreOptions {
  /** Embedding model of the running engine: other models' embeddings are flagged, not compared. */
  activeModelId: string
  /** Encoding of biometric fields (default: plain base64; `createAesCodec` encrypts them). */
  codec?: BiometricCodec
  /**
   * Codecs whose databases are re-encoded with `codec` when opened (default: the plain codec, so a
   * plain database opened with an encrypting codec is encrypted, snapshots included).
   */
  reencodeFrom?: readonly BiometricCodec[]
  /** Clock, for retention tests. */
  now?: () => Date
}

export interface SecretBox {
  /** Id of the codec that seals (recorded beside a sealed value to tell old formats apart). */
  readonly codecId: string
  seal(plain: Uint8Array, context: string): string
  open(stored: string, context: string): Uint8Array
}

export interface Store {
  readonly dataDir: string
  readonly dbPath: string
  readonly activeModelId: string
  /** What happened at open (created, restored from backup, started empty...): show these to the user. */
  readonly notices: readonly StoreNotice[]
  readonly residents: ResidentsRepo
  readonly settings: SettingsRepo
  readonly events: EventsRepo
  /** Seals small secrets (PIN verifier, webhook headers) with the store's codec (the biometric key). */
  readonly secrets: SecretBox
  /** Embeddings of the active model, for the engine's Gallery. */
  galleryEntries(): GalleryEntry[]
  /** Waits for pending writes, then releases the data directory. */
  close(): Promise<void>
}

function needsReenrollmentNotice(residents: ResidentsRepo, activeModelId: string): StoreNotice | null {
  const stale = residents.list().filter((r) => r.photos.some((p) => p.needsReenrollment))
  if (stale.length === 0) return null
  return {
    kind: 'needs-reenrollment',
    severity: 'warning',
    message: `${stale.length} resident(s) have photos made by another face model than the active one (${activeModelId}): add new photos of them so they can be recognised.`
  }
}

/**
 * Opens (or creates) the database in `dataDir`. Only one process may have a data directory open.
 * A damaged file is recovered from the backup and reported in `notices`.
 */
export async function openStore(dataDir: string, options: OpenStoreOptions): Promise<Store> {
  if (typeof dataDir !== 'string' || dataDir.length === 0) throw new AppError('INVALID_PAYLOAD', 'A data directory is required')
  if (typeof options?.activeModelId !== 'string' || options.activeModelId.length === 0) {
    throw new AppError('INVALID_PAYLOAD', 'The active embedding model id is required')
  }
  const dir = resolve(dataDir)
  const codec = options.codec ?? plainCodec
  const now = options.now ?? (() => new Date())
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 })
  } catch (e) {
    throw new AppError('INVALID_PAYLOAD', `Cannot create the data directory ${dir} (${(e as NodeJS.ErrnoException).code}): choose another one`)
  }
  const paths = databasePaths(dir)
  const lock = await acquireDirLock(join(dir, STORE_CONFIG.lockFileName), dir)
  try {
    const legacy = (options.reencodeFrom ?? [plainCodec]).filter((c) => c.id !== codec.id)
    const { low, adapter, notices } = await openDatabase(paths, { current: codec, legacy }, now(), {
      beforeReencodedWrite: (data, from) => reencodeSnapshotFiles(dir, data, legacy.find((c) => c.id === from)!, codec)
    })
    const core = new StoreCore({ low, adapter, codec, activeModelId: options.activeModelId, dataDir: dir, now })
    const snapshots = new SnapshotFiles(join(dir, STORE_CONFIG.snapshotDirName), codec)
    const residents = new ResidentsRepo(core, snapshots)
    const events = new EventsRepo(core, snapshots)
    await events.purge()
    const reenroll = needsReenrollmentNotice(residents, options.activeModelId)
    if (reenroll) notices.push(reenroll)
    return {
      dataDir: dir,
      dbPath: paths.db,
      activeModelId: options.activeModelId,
      notices,
      residents,
      settings: new SettingsRepo(core),
      events,
      secrets: { codecId: codec.id, seal: (p, c) => codec.sealSecret(p, c), open: (s, c) => codec.openSecret(s, c) },
      galleryEntries: () => residents.galleryEntries(),
      async close() {
        if (core.closed) return
        await core.close()
        await lock.release()
      }
    }
  } catch (e) {
    await lock.release()
    throw e
  }
}
