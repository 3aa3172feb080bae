import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { AppError } from '../../shared/errors'
import { eventsToCsv } from './csv'
import { isJpeg } from './photo-input'
import { ACCESS_RESULTS, accessEventSchema, type AccessEvent, type DatabaseData } from './schema'
import { applyEventLimit, applySnapshotRetention, snapshotFileName, type SnapshotFiles } from './snapshots'
import type { StoreCore } from './store-core'
import { STORE_CONFIG } from './store-config'
import type { EventQuery } from './types'
import { parseOrThrow } from '../../shared/validate'

/** What the access logic records; id, time, names and snapshot are filled in by the store. */
export const accessEventInputSchema = accessEventSchema
  .omit({ id: true, time: true, snapshot: true, claimedDeleted: true, decidedDeleted: true })
  .extend({
    time: accessEventSchema.shape.time.optional(),
    claimedResidentName: accessEventSchema.shape.claimedResidentName.optional(),
    decidedResidentName: accessEventSchema.shape.decidedResidentName.optional()
  })
export type AccessEventInput = z.input<typeof accessEventInputSchema>

const eventQuerySchema = z.object({
  from: z.union([z.iso.datetime({ offset: true }), z.date()]).optional(),
  to: z.union([z.iso.datetime({ offset: true }), z.date()]).optional(),
  residentId: z.string().max(100).optional(),
  result: z.enum(ACCESS_RESULTS).optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
  offset: z.number().int().min(0).optional()
})

function residentName(data: DatabaseData, id: string | null): string | null {
  return id === null ? null : (data.residents.find((r) => r.id === id)?.name ?? null)
}

function toTime(value: string | Date | undefined): number | null {
  return value === undefined ? null : value instanceof Date ? value.getTime() : Date.parse(value)
}

export class EventsRepo {
  readonly #core: StoreCore
  readonly #snapshots: SnapshotFiles

  constructor(core: StoreCore, snapshots: SnapshotFiles) {
    this.#core = core
    this.#snapshots = snapshots
  }

  /**
   * Records one access attempt (with an optional face snapshot, kept while retention allows) and
   * applies retention. Resolves once it is durably on disk.
   */
  async append(input: AccessEventInput, opts: { snapshotJpeg?: Uint8Array } = {}): Promise<AccessEvent> {
    const valid = parseOrThrow(accessEventInputSchema, input, 'access event')
    const snapshot = opts.snapshotJpeg
    if (snapshot !== undefined && (!(snapshot instanceof Uint8Array) || !isJpeg(snapshot) || snapshot.length > STORE_CONFIG.maxSnapshotBytes)) {
      throw new AppError('INVALID_PAYLOAD', `A snapshot must be a JPEG of at most ${STORE_CONFIG.maxSnapshotBytes} bytes`)
    }
    let dropped: string[] = []
    const event = await this.#core.mutate(async (data) => {
      const id = randomUUID()
      const keepSnapshot = snapshot !== undefined && data.settings.snapshotRetention.enabled
      // The file first: an event never refers to a snapshot that is not on disk.
      if (keepSnapshot) await this.#snapshots.write(snapshotFileName(id), snapshot)
      const event: AccessEvent = {
        ...valid,
        id,
        time: valid.time ?? this.#core.nowIso(),
        claimedResidentName: valid.claimedResidentName ?? residentName(data, valid.claimedResidentId),
        decidedResidentName: valid.decidedResidentName ?? residentName(data, valid.decidedResidentId),
        snapshot: keepSnapshot ? snapshotFileName(id) : null,
        claimedDeleted: false,
        decidedDeleted: false
      }
      data.events.push(event)
      dropped = this.#applyRetention(data)
      return { ...event }
    })
    await this.#snapshots.remove(dropped)
    return event
  }

  /** Newest first. `residentId` matches the claimed or the decided resident. */
  query(query: EventQuery = {}): AccessEvent[] {
    const q = parseOrThrow(eventQuerySchema, query, 'event query')
    const limit = q.limit ?? STORE_CONFIG.defaultQueryLimit
    const offset = q.offset ?? 0
    return this.#matching(q)
      .sort((a, b) => Date.parse(b.time) - Date.parse(a.time))
      .slice(offset, offset + limit)
      .map((e) => structuredClone(e))
  }

  /** How many events match the filters (limit and offset ignored), for paging. */
  count(query: EventQuery = {}): number {
    return this.#matching(parseOrThrow(eventQuerySchema, query, 'event query')).length
  }

  #matching(q: z.infer<typeof eventQuerySchema>): AccessEvent[] {
    const from = toTime(q.from)
    const to = toTime(q.to)
    return this.#core.data.events.filter((e) => {
      const t = Date.parse(e.time)
      if (from !== null && t < from) return false
      if (to !== null && t > to) return false
      if (q.result && e.result !== q.result) return false
      if (q.residentId && e.claimedResidentId !== q.residentId && e.decidedResidentId !== q.residentId) return false
      return true
    })
  }

  /** The query's events as CSV (all matching events unless `limit` is given). */
  exportCsv(query: EventQuery = {}): string {
    return eventsToCsv(this.query({ limit: this.#core.data.events.length || 1, ...query }))
  }

  /** The face snapshot of an event, or null when there is none (never taken, or purged). */
  async snapshot(eventId: string): Promise<Uint8Array | null> {
    const event = this.#core.data.events.find((e) => e.id === eventId)
    if (!event) throw new AppError('NOT_FOUND', 'No such access event')
    return event.snapshot ? this.#snapshots.read(event.snapshot) : null
  }

  /** Applies retention now (also done on every append and at open); returns how many snapshots went. */
  async purge(): Promise<number> {
    const dropped = await this.#core.mutate(
      (data) => this.#applyRetention(data),
      (files) => files.length > 0
    )
    await this.#snapshots.remove(dropped)
    const orphans = await this.#core.exclusive(() => {
      const referenced = new Set(this.#core.data.events.flatMap((e) => (e.snapshot ? [e.snapshot] : [])))
      return this.#snapshots.removeOrphans(referenced)
    })
    return dropped.length + orphans
  }

  #applyRetention(data: DatabaseData): string[] {
    const fromLimit = applyEventLimit(data, data.settings.accessLog.maxEvents)
    const fromRetention = applySnapshotRetention(data.events, data.settings.snapshotRetention, this.#core.now())
    return [...fromLimit, ...fromRetention]
  }
}
