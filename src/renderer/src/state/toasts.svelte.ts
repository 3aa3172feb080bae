import type { ErrorResult } from '../../../shared/errors'
import type { Message } from '../logic/banner'
import { i18n } from './i18n.svelte'

export type ToastTone = 'success' | 'danger' | 'info'
export interface Toast {
  id: number
  tone: ToastTone
  message: Message
  detail: string | null
}

const TOAST_MS = 4_500

/** Short confirmations and failures in a corner; they go away on their own. */
class Toasts {
  items = $state<Toast[]>([])
  private nextId = 1

  show(tone: ToastTone, message: Message, detail: string | null = null): void {
    const id = this.nextId++
    this.items = [...this.items, { id, tone, message, detail }]
    setTimeout(() => this.dismiss(id), tone === 'danger' ? TOAST_MS * 2 : TOAST_MS)
  }

  /** A failed call: the translated error, with main's sentence as the detail. */
  showError(r: Pick<ErrorResult, 'code' | 'message'>): void {
    const text = i18n.error(r)
    this.show('danger', { text }, text === r.message ? null : r.message)
  }

  /** Leaving the admin screens: their confirmations say nothing about the door screen. */
  clear(): void {
    this.items = []
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id)
  }
}

export const toasts = new Toasts()
