import type { ErrorResult } from '../../../shared/errors'
import type { AccessEventDto } from '../../../shared/ipc/contract'
import { BlobUrls } from '../lib/blob-urls'
import { downloadText } from '../lib/download'
import { csvFileName, EMPTY_FILTERS, filterRequest, LOG_PAGE_SIZE, type LogFilterRequest, type LogFilters } from '../logic/log-query'
import type { AdminSession } from './admin.svelte'
import { toasts } from './toasts.svelte'

/** The access log screen: filters, one page of events, their snapshots, CSV export. */
export class LogState {
  filters = $state<LogFilters>({ ...EMPTY_FILTERS })
  events = $state.raw<AccessEventDto[]>([])
  total = $state(0)
  offset = $state(0)
  loading = $state(false)
  error = $state.raw<ErrorResult | null>(null)
  /** Why the filters cannot be applied (a date that is not one, or a start after the end). */
  /** Bumped when the filters are reset, so fields holding typed text start again from them. */
  filtersVersion = $state(0)
  filterError = $state<'log.invalidRange' | 'log.invalidDate' | null>(null)
  snapshots = $state.raw<Record<string, string>>({})
  exporting = $state(false)

  private readonly urls = new BlobUrls()
  private applied: LogFilterRequest = {}
  private generation = 0

  constructor(private readonly admin: AdminSession) {}

  /** Applies the filters and shows the first page. */
  async search(): Promise<void> {
    const check = filterRequest(this.filters)
    this.filterError = check.ok ? null : check.error
    if (!check.ok) return
    this.applied = check.request
    await this.load(0)
  }

  clearFilters(): Promise<void> {
    this.filters = { ...EMPTY_FILTERS }
    this.filtersVersion++
    return this.search()
  }

  async load(offset: number): Promise<void> {
    const generation = ++this.generation
    this.loading = true
    const r = await this.admin.call('queryLog', { ...this.applied, limit: LOG_PAGE_SIZE, offset })
    if (generation !== this.generation) return
    this.loading = false
    if (!r.ok) {
      this.error = r
      return
    }
    this.error = null
    this.events = r.value.events
    this.total = r.value.total
    this.offset = offset
    this.urls.keepOnly(r.value.events.filter((e) => e.hasSnapshot).map((e) => e.id))
    this.snapshots = Object.fromEntries(Object.entries(this.snapshots).filter(([id]) => this.urls.has(id)))
    void this.loadSnapshots(generation)
  }

  /** One at a time, so a page of snapshots does not compete with the kiosk for main's attention. */
  private async loadSnapshots(generation: number): Promise<void> {
    for (const event of this.events) {
      if (generation !== this.generation) return
      if (!event.hasSnapshot || this.urls.has(event.id)) continue
      const r = await this.admin.call('getSnapshot', { eventId: event.id })
      if (!r.ok || generation !== this.generation) continue
      this.snapshots = { ...this.snapshots, [event.id]: this.urls.url(event.id, r.value.jpeg) }
    }
  }

  next(): Promise<void> {
    return this.load(this.offset + LOG_PAGE_SIZE)
  }

  previous(): Promise<void> {
    return this.load(Math.max(0, this.offset - LOG_PAGE_SIZE))
  }

  async exportCsv(): Promise<void> {
    const check = filterRequest(this.filters)
    this.filterError = check.ok ? null : check.error
    if (!check.ok) return
    this.exporting = true
    const r = await this.admin.call('exportLogCsv', check.request)
    this.exporting = false
    if (!r.ok) {
      toasts.showError(r)
      return
    }
    downloadText(csvFileName(new Date()), r.value.csv)
    toasts.show('success', { key: 'log.exported' })
  }

  dispose(): void {
    this.generation++
    this.urls.clear()
  }
}
