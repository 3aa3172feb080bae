import { AppError, isAppError } from '../../shared/errors'
import type { FaceEngine, RawImage } from '../engine'
import type { StatusService } from './status'

/** Retry loading the models this often while they are missing (e.g. until `npm run models` is run). */
const RETRY_MS = 10_000
/** A tiny blank frame: running it loads and verifies every model without needing a face. */
const WARM_UP_IMAGE: RawImage = { data: new Uint8Array(32 * 32 * 3), width: 32, height: 32, channels: 3 }

/**
 * Owns the face engine's life in the app: loads (and checks) the models at start-up in the
 * background, reports loading/ready/error on the status bar, and retries on its own.
 */
export class EngineHost {
  private loaded = false
  private lastError: AppError | null = null
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private loading: Promise<void> | null = null

  constructor(
    readonly engine: FaceEngine,
    private readonly status: StatusService
  ) {}

  start(): Promise<void> {
    if (this.loading) return this.loading
    this.status.update({ engine: { state: 'loading', modelId: this.engine.modelId, code: null, message: null } })
    this.loading = this.engine
      .detectFaces(WARM_UP_IMAGE)
      .then(() => {
        this.loaded = true
        this.lastError = null
        this.status.update({ engine: { state: 'ready', modelId: this.engine.modelId, code: null, message: null } })
      })
      .catch((e: unknown) => {
        this.lastError = isAppError(e) ? e : new AppError('ENGINE_UNAVAILABLE', 'The face engine could not start')
        this.status.update({
          engine: { state: 'error', modelId: this.engine.modelId, code: this.lastError.code, message: this.lastError.message }
        })
        this.retryTimer = setTimeout(() => {
          this.loading = null
          void this.start()
        }, RETRY_MS)
      })
    return this.loading
  }

  /** The engine when its models are loaded; otherwise the reason, as a typed error. */
  ready(): FaceEngine {
    if (this.loaded) return this.engine
    if (this.lastError) throw this.lastError
    throw new AppError('ENGINE_UNAVAILABLE', 'The face models are still loading')
  }

  async dispose(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer)
    await this.engine.dispose()
  }
}
