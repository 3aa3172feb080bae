import type { ErrorResult, Result } from '../../../shared/errors'
import type { EnrollResult } from '../../../shared/ipc/contract'
import { MAX_IMAGE_BYTES, MAX_PHOTOS_PER_REQUEST } from '../../../shared/ipc/schemas/common'
import { UI_CONFIG } from '../logic/ui-config'
import { planBatches } from '../logic/batches'
import type { PhotoRejection } from '../../../shared/error-details'
import { confirmationOf, isPhotoError, type Confirmation, type PhotoErrorResult } from '../logic/results'
import type { AdminSession } from './admin.svelte'
import type { LookAlike } from './residents.svelte'

export type PhotoSource = 'file' | 'camera'
export type ItemStatus = 'ready' | 'sending' | 'accepted' | 'rejected'

/** A rejection as main gives it (or as the renderer finds it before sending). */
export interface Rejection {
  code: string
  reason: string
  message: string
}

export interface EnrollItem {
  id: number
  label: string
  size: number
  source: PhotoSource
  previewUrl: string
  status: ItemStatus
  rejection: Rejection | null
  /** Accepted with something to improve (main's reason, e.g. 'tight-crop'). */
  warning: string | null
  read: () => Promise<Uint8Array>
}

export type EnrollPhase = 'editing' | 'sending' | 'confirm' | 'done'

/** Refused before sending (not an image, too large): never sent again. */
const LOCAL_REASONS = new Set(['not-image', 'too-large'])
const IMAGE_NAME = /\.(jpe?g|png|webp|gif|bmp|avif|tiff?)$/i

const rejectionOf = (r: PhotoErrorResult): Rejection => ({ code: r.code, reason: r.details?.reason ?? '', message: r.message })

/**
 * One enrollment: a new resident (name + photos) or more photos for an existing one. Photos come from
 * files or from the guided camera capture; they go in batches (contract limit, message size), with
 * progress, per-photo rejections and the "looks like someone already enrolled" confirmation.
 */
export class EnrollState {
  name = $state('')
  /** Set when adding photos to an existing resident. */
  target = $state.raw<{ id: string; name: string } | null>(null)
  items = $state<EnrollItem[]>([])
  phase = $state<EnrollPhase>('editing')
  done = $state(0)
  total = $state(0)
  error = $state.raw<ErrorResult | null>(null)
  nameMissing = $state(false)
  noPhotos = $state(false)
  /** What main asks to confirm, and the labels of the photos it names. */
  confirmation = $state.raw<Confirmation | null>(null)
  confirmationPhotos = $state.raw<string[]>([])
  enrolled = $state.raw<{ id: string; name: string } | null>(null)
  lookAlikes = $state.raw<LookAlike[]>([])
  /** The name a failed enrollment found taken. */
  private takenBy = $state<string | null>(null)
  /** Main's advice on the resident as a whole after the last request ('few-photos'). */
  advice = $state.raw<EnrollResult['advice']>([])

  private nextId = 1
  /**
   * The resident earlier batches of this enrollment created, when a later batch stopped on a
   * confirmation: the next submit sends only the photos not yet accepted, to them.
   */
  private resumeTo: { id: string; name: string } | null = null

  constructor(
    private readonly admin: AdminSession,
    private readonly onChanged: () => void
  ) {}

  readonly accepted = $derived(this.items.filter((i) => i.status === 'accepted').length)
  /** Accepted photos that main warned about (a face touching the photo's edge). */
  readonly warned = $derived(this.items.filter((i) => i.status === 'accepted' && i.warning !== null))
  readonly rejected = $derived(this.items.filter((i) => i.status === 'rejected'))
  /** The name is taken: who has it (the summary says so and offers to add the photos to them). */
  readonly conflict = $derived(this.error?.code === 'CONFLICT' && this.error.details?.kind === 'name' ? this.error.details : null)
  /** Under the name field after "fix and retry", until another name is typed. */
  readonly nameTaken = $derived(this.takenBy !== null && this.name.trim().toLowerCase() === this.takenBy.toLowerCase() ? this.takenBy : null)
  /** Nothing was enrolled: the name and photos stay for "fix and retry". */
  readonly failed = $derived(this.phase === 'done' && this.enrolled === null)

  countOf(source: PhotoSource): number {
    return this.items.filter((i) => i.source === source).length
  }

  forResident(target: { id: string; name: string } | null): void {
    this.reset()
    this.target = target
  }

  addFiles(files: Iterable<File>): void {
    for (const file of files) {
      const isImage = file.type.startsWith('image/') || IMAGE_NAME.test(file.name)
      const local: Rejection | null = !isImage
        ? { code: 'UNSUPPORTED_IMAGE', reason: 'not-image', message: 'Not an image file' }
        : file.size > MAX_IMAGE_BYTES
          ? { code: 'IMAGE_TOO_LARGE', reason: 'too-large', message: 'The file is too large' }
          : null
      this.items.push({
        id: this.nextId++,
        label: file.name,
        size: file.size,
        source: 'file',
        previewUrl: isImage ? URL.createObjectURL(file) : '',
        status: local ? 'rejected' : 'ready',
        rejection: local,
        warning: null,
        read: async () => new Uint8Array(await file.arrayBuffer())
      })
    }
    this.noPhotos = false
  }

  addCapture(bytes: Uint8Array, label: string): void {
    const copy = bytes.slice()
    this.items.push({
      id: this.nextId++,
      label,
      size: copy.length,
      source: 'camera',
      previewUrl: URL.createObjectURL(new Blob([copy as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' })),
      status: 'ready',
      rejection: null,
      warning: null,
      read: async () => copy
    })
    this.noPhotos = false
  }

  removeItem(id: number): void {
    const item = this.items.find((i) => i.id === id)
    if (item?.previewUrl) URL.revokeObjectURL(item.previewUrl)
    this.items = this.items.filter((i) => i.id !== id)
  }

  /** Sends the photos of one source (the tab in use). `confirm`: the administrator said it is a different person. */
  async submit(source: PhotoSource, confirm = false): Promise<void> {
    this.error = null
    this.nameMissing = !this.target && this.name.trim() === ''
    const resuming = this.resumeTo
    const chosen = this.items.filter(
      (i) => i.source === source && !(i.rejection && LOCAL_REASONS.has(i.rejection.reason)) && !(resuming && i.status === 'accepted')
    )
    this.noPhotos = chosen.length === 0
    if (this.nameMissing || this.noPhotos) return
    for (const item of chosen) {
      item.status = 'ready'
      item.rejection = null
    }
    this.phase = 'sending'
    this.done = 0
    this.total = chosen.length
    if (!resuming) this.lookAlikes = []
    this.advice = []
    this.resumeTo = null
    let resident = this.target ?? resuming
    const batches = planBatches(chosen.map((i) => i.size), MAX_PHOTOS_PER_REQUEST, UI_CONFIG.upload.maxBatchBytes)
    for (const batch of batches) {
      const pending = batch.map((i) => chosen[i]!)
      for (const item of pending) item.status = 'sending'
      const photos = await Promise.all(pending.map((i) => i.read()))
      const confirmed = confirm ? { confirm: true } : {}
      const r: Result<EnrollResult> = resident
        ? await this.admin.call('addPhotos', { residentId: resident.id, photos, source, ...confirmed })
        : await this.admin.call('enrollResident', { name: this.name.trim(), photos, source, ...confirmed })
      if (r.ok) {
        resident = { id: r.value.resident.id, name: r.value.resident.name }
        this.enrolled = resident
        for (const a of r.value.accepted) {
          const item = pending[a.index]
          if (item) item.status = 'accepted'
        }
        for (const w of r.value.warnings) {
          const item = pending[w.index]
          if (item) item.warning = w.reason
        }
        this.applyRejections(pending, r.value.rejected, null)
        this.addLookAlikes(r.value.lookAlikes)
        this.advice = r.value.advice
      } else if (r.code === 'NEEDS_CONFIRMATION') {
        // The administrator is asked whatever the batch. When earlier batches already created the
        // resident (or added photos), "yes" sends only the photos not yet accepted, to that resident:
        // nothing is sent or created twice.
        if (resident && chosen.some((i) => i.status === 'accepted')) {
          this.resumeTo = resident
          this.onChanged()
        }
        return this.askConfirmation(confirmationOf(r.details), chosen, pending)
      } else if (isPhotoError(r)) {
        this.applyRejections(pending, r.details?.rejected, rejectionOf(r))
      } else {
        this.fail(r, chosen)
      }
      if (this.error) break
      this.done += batch.length
    }
    this.phase = 'done'
    if (resident) this.onChanged()
  }

  private fail(r: ErrorResult, chosen: EnrollItem[]): void {
    this.error = r
    for (const item of chosen) if (item.status === 'sending') item.status = 'ready'
  }

  private askConfirmation(c: Confirmation, chosen: EnrollItem[], pending: EnrollItem[]): void {
    for (const item of chosen) if (item.status === 'sending') item.status = 'ready'
    this.confirmation = c
    this.confirmationPhotos = c.kind === 'inconsistent-photos' ? c.photos.map((i) => pending[i]?.label ?? String(i + 1)) : []
    this.phase = 'confirm'
  }

  private addLookAlikes(pairs: LookAlike[]): void {
    const key = (p: LookAlike): string => [p.a.id, p.b.id].sort().join('|')
    const seen = new Set(this.lookAlikes.map(key))
    this.lookAlikes = [...this.lookAlikes, ...pairs.filter((p) => !seen.has(key(p)))]
  }

  /** Rejection indexes count within their request, i.e. within this batch. */
  private applyRejections(batchItems: EnrollItem[], rejected: readonly PhotoRejection[] | undefined, whole: Rejection | null): void {
    for (const r of rejected ?? []) {
      const item = batchItems[r.index]
      if (item) {
        item.status = 'rejected'
        item.rejection = { code: r.code, reason: r.reason, message: r.message }
      }
    }
    // A whole-batch refusal without per-photo detail: every photo still waiting gets its reason.
    if (whole) {
      for (const item of batchItems) {
        if (item.status === 'sending') {
          item.status = 'rejected'
          item.rejection = whole
        }
      }
    }
  }

  /** "Different person" (or "yes, all the same person"): enroll anyway. */
  confirmAnyway(source: PhotoSource): Promise<void> {
    this.confirmation = null
    return this.submit(source, true)
  }

  /** "Same person": the photos go to the resident they look like. */
  addToMatch(source: PhotoSource): Promise<void> {
    const c = this.confirmation
    if (c?.kind !== 'duplicate' || !c.residentId) return Promise.resolve()
    this.target = { id: c.residentId, name: c.name ?? c.residentId }
    this.confirmation = null
    return this.submit(source)
  }

  /** "Add the photos to Kian" after a name conflict: the same photos go to the resident with that name. */
  addToConflicting(source: PhotoSource): Promise<void> {
    const c = this.conflict
    if (!c) return Promise.resolve()
    this.target = { id: c.residentId, name: c.name }
    return this.submit(source)
  }

  /** "Fix and retry" after a failed enrollment: back to the form with the name and every photo kept. */
  retry(): void {
    this.takenBy = this.conflict?.name ?? null
    this.error = null
    this.phase = 'editing'
  }

  cancelConfirm(): void {
    this.confirmation = null
    this.phase = 'editing'
  }

  reset(): void {
    for (const item of this.items) if (item.previewUrl) URL.revokeObjectURL(item.previewUrl)
    this.items = []
    this.advice = []
    this.name = ''
    this.target = null
    this.phase = 'editing'
    this.done = 0
    this.total = 0
    this.error = null
    this.nameMissing = false
    this.noPhotos = false
    this.confirmation = null
    this.confirmationPhotos = []
    this.enrolled = null
    this.lookAlikes = []
    this.resumeTo = null
    this.takenBy = null
  }
}
