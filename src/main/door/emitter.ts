/** A tiny typed event emitter (no Node EventEmitter typing gaps, no Electron). */
export type Listener<T> = (payload: T) => void

export class TypedEmitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>()

  /** Returns a function that removes the listener. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.listeners.get(event)
    if (!set) {
      set = new Set()
      this.listeners.set(event, set)
    }
    set.add(listener as Listener<never>)
    return () => this.off(event, listener)
  }

  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): void {
    this.listeners.get(event)?.delete(listener as Listener<never>)
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.listeners.get(event)
    if (!set) return
    for (const listener of [...set]) {
      // A faulty listener (e.g. a closed window) must not stop the door's state machine.
      try {
        ;(listener as Listener<Events[K]>)(payload)
      } catch {
        /* swallowed on purpose: listeners are observers */
      }
    }
  }

  removeAll(): void {
    this.listeners.clear()
  }
}
