import { AppError } from '../../shared/errors'
import type { Low } from 'lowdb'
import type { BiometricCodec } from './codec'
import type { DurableJsonAdapter } from './json-adapter'
import type { DatabaseData } from './schema'
import { SerialQueue } from './serial-queue'

/**
 * The in-memory database plus its one write queue. Every change runs in the queue and resolves
 * only once the new file is durably on disk ("acknowledged").
 */
export class StoreCore {
  readonly low: Low<DatabaseData>
  readonly codec: BiometricCodec
  readonly activeModelId: string
  readonly dataDir: string
  readonly now: () => Date
  readonly #adapter: DurableJsonAdapter
  readonly #queue = new SerialQueue()
  #closed = false

  constructor(args: {
    low: Low<DatabaseData>
    adapter: DurableJsonAdapter
    codec: BiometricCodec
    activeModelId: string
    dataDir: string
    now: () => Date
  }) {
    this.low = args.low
    this.#adapter = args.adapter
    this.codec = args.codec
    this.activeModelId = args.activeModelId
    this.dataDir = args.dataDir
    this.now = args.now
  }

  get data(): DatabaseData {
    return this.low.data
  }

  get closed(): boolean {
    return this.#closed
  }

  nowIso(): string {
    return this.now().toISOString()
  }

  /**
   * Runs `change` (which validates first, then mutates `data` in place) and writes the file.
   * If the write fails, memory is reloaded from the file so it never claims unsaved data.
   * `changed` lets a change that turned out to be a no-op skip the write.
   */
  mutate<T>(change: (data: DatabaseData) => T | Promise<T>, changed: (result: T) => boolean = () => true): Promise<T> {
    return this.#queue.run(async () => {
      this.assertOpen()
      const result = await change(this.low.data)
      if (!changed(result)) return result
      try {
        await this.low.write()
      } catch (e) {
        const onDisk = await this.#adapter.read().catch(() => null)
        if (onDisk) this.low.data = onDisk
        throw e
      }
      return result
    })
  }

  /** Runs a task in the write queue without writing the database (e.g. file clean-up). */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.#queue.run(async () => {
      this.assertOpen()
      return task()
    })
  }

  async close(): Promise<void> {
    await this.#queue.drain()
    this.#closed = true
  }

  assertOpen(): void {
    if (this.#closed) throw new AppError('INTERNAL', 'The store is closed: open it again')
  }
}
