import type { ErrorResult } from '../../../shared/errors'
import type { FrameResult } from '../../../shared/ipc/contract'
import { UI_CONFIG } from '../logic/ui-config'
import type { HappyHouseApi } from '../../../shared/ipc/api'
import { defaultApi } from '../lib/api'
import { FramePacer } from '../logic/frame-pacer'
import { FrameGrabber } from '../lib/frames'
import type { CameraState } from './camera.svelte'

const RATE_WINDOW_MS = 2_000

/**
 * The kiosk's recognition loop: grabs a downscaled JPEG from the camera at a steady rate and sends it
 * to main, one frame at a time. While main is busy, camera frames are simply not sent (never queued),
 * so the screen stays live whatever the recognition speed.
 */
export class RecognitionLoop {
  result = $state.raw<FrameResult | null>(null)
  resultAt = $state(0)
  error = $state.raw<ErrorResult | null>(null)
  /** Answers per second over the last couple of seconds, and main's last processing time. */
  rate = $state(0)
  processingMs = $state<number | null>(null)

  private readonly pacer = new FramePacer({
    minIntervalMs: 1000 / UI_CONFIG.recognition.maxFps,
    firstBackoffMs: UI_CONFIG.recognition.firstBackoffMs,
    maxBackoffMs: UI_CONFIG.recognition.maxBackoffMs
  })
  private readonly grabber = new FrameGrabber(UI_CONFIG.recognition.frameWidth, UI_CONFIG.recognition.jpegQuality)
  private timer: ReturnType<typeof setInterval> | null = null
  private generation = 0
  private answeredAt: number[] = []

  constructor(
    private readonly camera: CameraState,
    private readonly onResult: (result: FrameResult) => void,
    private readonly onError: (error: ErrorResult) => void,
    private readonly api: HappyHouseApi = defaultApi()
  ) {}

  get running(): boolean {
    return this.timer !== null
  }

  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => void this.tick(), UI_CONFIG.recognition.tickMs)
  }

  /** Pauses (admin screens open): an answer still on its way is ignored. */
  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    this.generation++
    this.pacer.reset()
    this.result = null
  }

  private async tick(): Promise<void> {
    if (this.camera.phase !== 'live') return
    const now = performance.now()
    if (!this.pacer.ready(now)) return
    this.pacer.begin(now)
    const generation = this.generation
    let frame: Awaited<ReturnType<FrameGrabber['grab']>> = null
    try {
      frame = await this.grabber.grab(this.camera.source)
    } catch {
      frame = null
    }
    if (!frame) {
      if (generation === this.generation) this.pacer.succeed()
      return
    }
    const answer = await this.api.recognizeFrame({ frame: frame.bytes, capturedAt: Date.now() })
    if (generation !== this.generation) return
    if (answer.ok) {
      this.pacer.succeed()
      this.result = answer.value
      this.resultAt = Date.now()
      this.processingMs = Math.round(answer.value.processingMs)
      this.error = null
      this.noteAnswer()
      this.onResult(answer.value)
    } else {
      this.pacer.fail(performance.now())
      this.error = answer
      this.onError(answer)
    }
  }

  private noteAnswer(): void {
    const now = performance.now()
    this.answeredAt = this.answeredAt.filter((t) => now - t < RATE_WINDOW_MS)
    this.answeredAt.push(now)
    this.rate = Math.round((this.answeredAt.length * 1000) / RATE_WINDOW_MS)
  }
}
