import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { AppError } from '../../shared/errors'
import { eventsToCsv } from './csv'
import { isJpeg } from './photo-input'
import { chainHead, chainLink, checkChain, rechain, type ChainCheck } from './audit-chain'
import { ACCESS_RESULTS, AUDIT_ACTIONS, accessEventSchema, type AccessEvent, type AuditAction, type DatabaseData } from './schema'
import { applyEventLimit, applySnapshotRetention, snapshotFileName, type SnapshotFiles } from './snapshots'
import type { StoreCore } from './store-core'
import { STORE_CONFIG } from './store-config'
import type { EventQuery } from './types'
import { parseOrThrow } from '../../shared/validate'

/** What the access logic records; id, time, names and snapshot are filled in by the store. */
export const accessEventInputSchema = accessEventSchema
  .omit({ id: true, time: true, snapshot: true, claimedDeleted: true, decidedDeleted: true, chain: true })
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
  action: z.enum(AUDIT_ACTIONS).optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
  offset: z.number().int().min(0).optional()
})

/** An administration entry of the audit trail: what, who, which resident; never a secret value. */
export interface AuditInput {
  action: AuditAction
  actor: string
  /** Human sentence (which settings keys, which driver...), no secret values. */
  message: string
  residentId?: string | null
  /** A resident's name when the entry outlives the resident record (deletion): left out then. */
  residentName?: string | null
  doorOutcome?: AccessEventInput['doorOutcome']
}

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
        decidedDeleted: false,
        chain: null
      }
      event.chain = chainLink(this.#core.codec, chainHead(data), event)
      data.events.push(event)
      dropped = this.#applyRetention(data)
      return { ...event }
    })
    await this.#snapshots.remove(dropped)
    return event
  }

  /** Records one administration action in the access log (result 'admin'). */
  appendAudit(input: AuditInput): Promise<AccessEvent> {
    return this.append({
      mode: this.#core.data.settings.mode,
      claimedResidentId: null,
      decidedResidentId: input.residentId ?? null,
      decidedResidentName: input.residentName ?? (input.residentId ? undefined : null),
      distance: null,
      margin: null,
      frames: null,
      liveness: null,
      result: 'admin',
      reason: input.action,
      message: input.message.slice(0, 500),
      doorOutcome: input.doorOutcome ?? null,
      action: input.action,
      actor: input.actor.slice(0, 80)
    })
  }

  /** Checks the hash chain (done at open); see audit-chain.ts. */
  checkChain(): ChainCheck {
    return checkChain(this.#core.data, this.#core.codec)
  }

  /** Chains entries written before the chain existed; true when it wrote. */
  async chainLegacyEntries(): Promise<boolean> {
    return this.#core.mutate(
      (data) => {
        const check = checkChain(data, this.#core.codec)
        if (!check.intact || check.unchained === 0) return false
        rechain(data, this.#core.codec)
        return true
      },
      (wrote) => wrote
    )
  }

  /** After a break was found and recorded: the chain restarts over the log as it now is. */
  async rechainAfterBreak(): Promise<void> {
    await this.#core.mutate((data) => rechain(data, this.#core.codec))
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
      if (q.action && e.action !== q.action) return false
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
    const before = data.events.slice()
    const fromLimit = applyEventLimit(data, data.settings.accessLog.maxEvents)
    if (data.events.length !== before.length) {
      // The oldest entries went: the chain now starts after the last one dropped. Entries out of
      // time order were also sorted: then the app re-chains (with the key) over the new order.
      const dropped = before.length - data.events.length
      const inOrder = data.events.every((e, i) => e === before[dropped + i])
      const lastDropped = before.slice(0, dropped).filter((e) => !data.events.includes(e)).at(-1)
      data.eventsChainStart = lastDropped?.chain ?? ''
      if (!inOrder || !before.slice(0, dropped).every((e) => !data.events.includes(e))) rechain(data, this.#core.codec)
    }
    const fromRetention = applySnapshotRetention(data.events, data.settings.snapshotRetention, this.#core.now())
    return [...fromLimit, ...fromRetention]
  }
}
