import { chmod, mkdir, stat } from 'node:fs/promises'
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

/** What the access log's hash chain check found at open (shown in the status, never silent). */
export interface AuditLogState {
  intact: boolean
  /** Why it is not intact, or when a past break was recorded; null when nothing to say. */
  message: string | null
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
  /** The access log's integrity as checked at open. */
  readonly auditLog: AuditLogState
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
 * Checks the access log's hash chain. A break is reported (notice, status) and recorded as a chained
 * 'log-tampered' entry, then the chain restarts over the log as it is, so new entries stay protected.
 */
async function checkAuditLog(events: EventsRepo, notices: StoreNotice[]): Promise<AuditLogState> {
  const check = events.checkChain()
  if (check.intact) {
    if (check.unchained > 0 && (await events.chainLegacyEntries())) {
      const message = `${check.unchained} access log entries written before the log was chained were chained now.`
      notices.push({ kind: 'log-chained', severity: 'info', message })
      await events.appendAudit({ action: 'log-chained', actor: 'kiosk', message })
    }
    const recorded = events.query({ action: 'log-tampered', limit: 1 })[0]
    return { intact: true, message: recorded ? `The access log failed its integrity check on ${recorded.time}: ${recorded.message ?? ''}` : null }
  }
  const message = `The access log failed its integrity check at entry ${check.index + 1} (${check.time}): entries were altered, removed or inserted outside Happy House. The entries before it are as written; from it on they cannot be trusted.`
  notices.push({ kind: 'log-tampered', severity: 'error', message })
  await events.rechainAfterBreak()
  await events.appendAudit({ action: 'log-tampered', actor: 'kiosk', message })
  return { intact: false, message }
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
    // Residents' names, the access log and the sealed secrets live here: only the kiosk's user may
    // list or enter it. A directory made earlier (or by hand) with wider rights is tightened.
    const info = await stat(dir)
    const uid = process.getuid?.()
    if ((info.mode & 0o077) !== 0 && (uid === undefined || info.uid === uid)) await chmod(dir, 0o700)
  } catch (e) {
    throw new AppError('INVALID_PAYLOAD', `Cannot create the data directory ${dir} (${(e as NodeJS.ErrnoException).code}): choose another one`)
  }
  const paths = databasePaths(dir)
  const lock = await acquireDirLock(join(dir, STORE_CONFIG.lockFileName), dir)
  try {
    const legacy = (options.reencodeFrom ?? [plainCodec]).filter((c) => c.id !== codec.id)
    const { low, adapter, notices } = await openDatabase(paths, { current: codec, legacy }, now(), {
      beforeReencodedWrite: (data, from) => reencodeSnapshotFiles(dir, data, from === codec.id ? codec : legacy.find((c) => c.id === from)!, codec)
    })
    const core = new StoreCore({ low, adapter, codec, activeModelId: options.activeModelId, dataDir: dir, now })
    const snapshots = new SnapshotFiles(join(dir, STORE_CONFIG.snapshotDirName), codec)
    const residents = new ResidentsRepo(core, snapshots)
    const events = new EventsRepo(core, snapshots)
    const auditLog = await checkAuditLog(events, notices)
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
      auditLog,
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
