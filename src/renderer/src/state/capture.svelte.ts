import type { ErrorResult } from '../../../shared/errors'
import type { ResponseOf } from '../../../shared/ipc/contract'
import { UI_CONFIG } from '../logic/ui-config'
import { BoxTrack, type Box } from '../logic/box-track'
import { AutoCapture, SettledHint } from '../logic/capture-plan'
import { FramePacer } from '../logic/frame-pacer'
import { FrameGrabber, type CapturedFrame } from '../lib/frames'
import type { AdminSession } from './admin.svelte'
import type { CameraState } from './camera.svelte'
import type { EnrollState } from './enroll.svelte'

export type CaptureFeedback = ResponseOf<'checkCapture'>

/**
 * Guided enrollment from the camera: checks live frames with main (checkCapture) for hints such as
 * "move closer", and keeps good frames automatically (or on the button) as enrollment photos.
 */
export class GuidedCapture {
  feedback = $state.raw<CaptureFeedback | null>(null)
  feedbackAt = $state(0)
  /** What the hint line says ('ok', a quality hint), null while checking: see SettledHint. */
  hint = $state<string | null>(null)
  error = $state.raw<ErrorResult | null>(null)
  auto = $state(true)
  /** Brief flash when a photo is taken. */
  flashAt = $state(0)

  private readonly pacer = new FramePacer({
    minIntervalMs: UI_CONFIG.capture.checkIntervalMs,
    firstBackoffMs: UI_CONFIG.recognition.firstBackoffMs,
    maxBackoffMs: UI_CONFIG.recognition.maxBackoffMs
  })
  private readonly grabber = new FrameGrabber(UI_CONFIG.capture.frameWidth, UI_CONFIG.capture.jpegQuality)
  private readonly autoCapture = new AutoCapture({
    target: UI_CONFIG.capture.target,
    spacingMs: UI_CONFIG.capture.spacingMs,
    stableChecks: UI_CONFIG.capture.stableChecks,
    minChange: UI_CONFIG.capture.minChange,
    varietyWaitMs: UI_CONFIG.capture.varietyWaitMs
  })
  private readonly settled = new SettledHint(UI_CONFIG.capture.notLiveChecks)
  private readonly track = new BoxTrack({ maxLeadMs: UI_CONFIG.capture.boxMaxLeadMs, staleAfterMs: UI_CONFIG.capture.boxStaleMs })
  private timer: ReturnType<typeof setInterval> | null = null
  private generation = 0
  private shotCount = 0

  readonly target = UI_CONFIG.capture.target

  constructor(
    private readonly camera: CameraState,
    private readonly admin: AdminSession,
    private readonly enroll: EnrollState
  ) {}

  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => void this.tick(), UI_CONFIG.recognition.tickMs)
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    this.generation++
    this.pacer.reset()
    this.feedback = null
    this.hint = null
    this.settled.reset()
    this.track.push(null, 0)
  }

  /** The face box at `now` (performance.now() time), moved on from the frame it was found in. */
  boxAt(now: number): Box | null {
    return this.track.at(now)
  }

  private async tick(): Promise<void> {
    if (this.camera.phase !== 'live' || this.enroll.phase !== 'editing') return
    const now = performance.now()
    if (!this.pacer.ready(now)) return
    this.pacer.begin(now)
    const generation = this.generation
    const frame = await this.grab()
    if (!frame) {
      if (generation === this.generation) this.pacer.succeed()
      return
    }
    const r = await this.admin.call('checkCapture', { frame: frame.bytes })
    if (generation !== this.generation) return
    if (!r.ok) {
      this.pacer.fail(performance.now())
      this.error = r
      return
    }
    this.pacer.succeed()
    this.error = null
    this.feedback = r.value
    this.feedbackAt = Date.now()
    this.hint = this.settled.next(r.value.ok ? 'ok' : r.value.hint)
    // `now` is when this frame was grabbed: the box belongs to that moment, not to the answer's.
    this.track.push(r.value.box, now)
    if (this.auto && this.autoCapture.shouldCapture(r.value.ok, now, this.enroll.countOf('camera'), r.value.box)) this.keep(frame)
  }

  private async grab(): Promise<CapturedFrame | null> {
    try {
      return await this.grabber.grab(this.camera.source)
    } catch {
      return null
    }
  }

  /** The "take a photo" button: keeps the current frame whatever the hint says (main still checks it). */
  async takeNow(): Promise<void> {
    const frame = await this.grab()
    if (!frame) return
    this.autoCapture.noteManualCapture(performance.now(), this.feedback?.box ?? null)
    this.keep(frame)
  }

  private keep(frame: CapturedFrame): void {
    this.shotCount++
    this.enroll.addCapture(frame.bytes, `camera-${this.shotCount}.jpg`)
    this.flashAt = Date.now()
  }
}
