/**
 * Runs async tasks one at a time, in call order. A failed task rejects its own promise only;
 * later tasks still run.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve()

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(() => task())
    this.#tail = result.catch(() => undefined)
    return result
  }

  /** Resolves once every task queued so far has settled. */
  async drain(): Promise<void> {
    await this.#tail
  }
}
