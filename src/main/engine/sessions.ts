/** Lazily opened, once-only ONNX sessions for the manifest's models, released together. */
import { loadedFile, type ModelSpec } from './manifest'
import { readVerifiedModel } from './model-files'
import { openSession, type ModelSession, type RuntimeOptions } from './onnx-runtime'

export class SessionPool {
  private readonly sessions = new Map<string, Promise<ModelSession>>()

  constructor(
    private readonly modelsDir: string,
    private readonly runtime: RuntimeOptions
  ) {}

  /** The session for a model (its prepared file when it has one), opened after the sha256 check, on first request only. */
  get(model: ModelSpec & { id: string }): Promise<ModelSession> {
    let session = this.sessions.get(model.id)
    if (!session) {
      const { file, sha256 } = loadedFile(model)
      const opening = (async () => openSession(readVerifiedModel(this.modelsDir, file, sha256), model.id, this.runtime))()
      // A failed load (missing/corrupt file) is retried on the next call, after `npm run models`.
      opening.catch(() => {
        if (this.sessions.get(model.id) === opening) this.sessions.delete(model.id)
      })
      this.sessions.set(model.id, opening)
      session = opening
    }
    return session
  }

  async releaseAll(): Promise<void> {
    const pending = [...this.sessions.values()]
    this.sessions.clear()
    await Promise.all(pending.map(async (s) => (await s.catch(() => null))?.release()))
  }
}
