import type { ErrorResult } from '../../../shared/errors'
import type { ResidentDto, ResponseOf } from '../../../shared/ipc/contract'
import { BlobUrls } from '../lib/blob-urls'
import type { AdminSession } from './admin.svelte'
import { toasts } from './toasts.svelte'

export type ResidentDetail = ResponseOf<'getResident'>
export type LookAlike = ResponseOf<'listLookAlikes'>[number]

/** The residents list (with thumbnails and look-alike warnings) and the one resident being edited. */
export class ResidentsState {
  list = $state.raw<ResidentDto[]>([])
  thumbs = $state.raw<Record<string, string>>({})
  lookAlikes = $state.raw<LookAlike[]>([])
  loading = $state(false)
  loaded = $state(false)
  error = $state.raw<ErrorResult | null>(null)

  detail = $state.raw<ResidentDetail | null>(null)
  detailThumbs = $state.raw<Record<string, string>>({})
  detailLoading = $state(false)
  private detailGeneration = 0
  detailError = $state.raw<ErrorResult | null>(null)
  busy = $state(false)

  private readonly listUrls = new BlobUrls()
  private readonly photoUrls = new BlobUrls()

  constructor(private readonly admin: AdminSession) {}

  async load(): Promise<void> {
    this.loading = true
    const [residents, lookAlikes] = await Promise.all([this.admin.call('listResidents', {}), this.admin.call('listLookAlikes', {})])
    this.loading = false
    this.loaded = true
    if (!residents.ok) {
      this.error = residents
      return
    }
    this.error = null
    this.list = [...residents.value].sort((a, b) => a.name.localeCompare(b.name))
    this.thumbs = this.thumbnailUrls(residents.value)
    // Look-alikes are a bonus: a failure there must not hide the list.
    this.lookAlikes = lookAlikes.ok ? lookAlikes.value : []
  }

  private thumbnailUrls(residents: ResidentDto[]): Record<string, string> {
    const out: Record<string, string> = {}
    const keys: string[] = []
    for (const r of residents) {
      if (!r.thumbnail) continue
      const key = `${r.id}@${r.updatedAt}`
      keys.push(key)
      out[r.id] = this.listUrls.url(key, r.thumbnail)
    }
    this.listUrls.keepOnly(keys)
    return out
  }

  /** Look-alike pairs that involve this resident. */
  lookAlikesOf(residentId: string): LookAlike[] {
    return this.lookAlikes.filter((p) => p.a.id === residentId || p.b.id === residentId)
  }

  async openDetail(residentId: string): Promise<void> {
    const generation = ++this.detailGeneration
    this.detailLoading = true
    this.detailError = null
    const r = await this.admin.call('getResident', { residentId })
    // Left (closed, or another resident opened) while main answered.
    if (generation !== this.detailGeneration) return
    this.detailLoading = false
    if (!r.ok) {
      this.detailError = r
      return
    }
    this.setDetail(r.value)
  }

  private setDetail(detail: ResidentDetail): void {
    const out: Record<string, string> = {}
    for (const p of detail.photos) if (p.thumbnail) out[p.id] = this.photoUrls.url(p.id, p.thumbnail)
    this.photoUrls.keepOnly(Object.keys(out))
    this.detail = detail
    this.detailThumbs = out
  }

  closeDetail(): void {
    this.detailGeneration++
    this.detailLoading = false
    this.detail = null
    this.detailError = null
    this.photoUrls.clear()
    this.detailThumbs = {}
  }

  async rename(residentId: string, name: string): Promise<boolean> {
    this.busy = true
    const r = await this.admin.call('renameResident', { residentId, name })
    this.busy = false
    if (!r.ok) {
      this.detailError = r
      return false
    }
    toasts.show('success', { key: 'resident.renamed', params: { name: r.value.name } })
    if (this.detail?.id === residentId) this.detail = { ...this.detail, name: r.value.name }
    await this.load()
    return true
  }

  async remove(residentId: string, name: string): Promise<boolean> {
    this.busy = true
    const r = await this.admin.call('deleteResident', { residentId })
    this.busy = false
    if (!r.ok) {
      this.detailError = r
      return false
    }
    toasts.show('success', { key: 'resident.deleted', params: { name } })
    this.closeDetail()
    await this.load()
    return true
  }

  async removePhoto(residentId: string, photoId: string): Promise<void> {
    this.busy = true
    const r = await this.admin.call('removePhoto', { residentId, photoId })
    this.busy = false
    if (!r.ok) {
      this.detailError = r
      return
    }
    toasts.show('success', { key: 'resident.photoRemoved' })
    await Promise.all([this.openDetail(residentId), this.load()])
  }

  dispose(): void {
    this.listUrls.clear()
    this.photoUrls.clear()
  }
}
