/** Lazily opened, once-only ONNX sessions for the manifest's models, released together. */
import { cpuFeatures, type CpuFeatures } from './cpu-features'
import { loadedFile, type ModelSpec } from './manifest'
import { readVerifiedModel } from './model-files'
import { openSession, type ModelSession, type RuntimeOptions } from './onnx-runtime'

export class SessionPool {
  private readonly sessions = new Map<string, Promise<ModelSession>>()

  constructor(
    private readonly modelsDir: string,
    private readonly runtime: RuntimeOptions,
    /** Picks a model's variant for this CPU (manifest prepared.withoutAvx512). */
    private readonly cpu: CpuFeatures = cpuFeatures()
  ) {}

  /** The session for a model (its prepared file for this CPU when it has one), opened after the sha256 check, on first request only. */
  get(model: ModelSpec & { id: string }): Promise<ModelSession> {
    let session = this.sessions.get(model.id)
    if (!session) {
      const { file, sha256 } = loadedFile(model, this.cpu)
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
