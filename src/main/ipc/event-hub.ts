import { events, type EventName, type EventPayload } from '../../shared/ipc/contract'

export type EventListener = (event: EventName, payload: unknown) => void

/** Push events from main to every connected renderer, whatever the transport. */
export class EventHub {
  private readonly listeners = new Set<EventListener>()
  private readonly latest = new Map<EventName, unknown>()

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    // Validated like responses: a malformed push is a bug in main, not something to send.
    const checked = events[event].safeParse(payload)
    if (!checked.success) {
      console.error(`[events] refusing to emit malformed "${event}"`)
      return
    }
    this.latest.set(event, checked.data)
    for (const listener of this.listeners) {
      try {
        listener(event, checked.data)
      } catch (e) {
        console.error(`[events] listener failed for "${event}":`, e instanceof Error ? e.message : e)
      }
    }
  }

  /** The last payload emitted of an event (e.g. the status a newly connected page starts from). */
  last<E extends EventName>(event: E): EventPayload<E> | undefined {
    return this.latest.get(event) as EventPayload<E> | undefined
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
