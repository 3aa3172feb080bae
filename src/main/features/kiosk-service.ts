import { frameQuality, passiveEvidence, type AccessDecider, type AccessDecision, type AccessFrame, type ClaimSource } from '../access'
import { describeOutcome, openForDecision, type DoorController } from '../door'
import type { EmbeddedFace, FaceEngine, ImageAnalysis } from '../engine'
import { isJpeg, type Store } from '../store'
import { AppError } from '../../shared/errors'
import type { Decision, FrameFace, FrameResult, KioskConfig } from '../../shared/ipc/contract'
import type { LivenessMode } from '../../shared/settings'
import type { EventHub } from '../ipc/event-hub'
import { decisionToDto, decisionToEvent, IDLE_DECISION } from './decision-dto'
import type { EngineHost } from './engine-host'
import type { GalleryRef } from './gallery-ref'
import { KIOSK_CONFIG } from './kiosk-config'

type Prompt = FrameResult['prompt']

/** Other faces in view big enough to be a second person at the door (not a poster far behind). */
function othersInView(analysis: ImageAnalysis, subject: EmbeddedFace): number {
  const minWidth = Math.max(KIOSK_CONFIG.minFacePx, subject.box.width * KIOSK_CONFIG.crowdRatio)
  return analysis.faces.slice(1).filter((f) => f.box.width >= minWidth).length
}

/** What the kiosk screen shows of a decision (liveness figures that move every frame are left out). */
function shownOf(d: Decision): string {
  const c = d.liveness?.challenge
  return JSON.stringify([d.result, d.reason, d.residentId, d.claimedResidentId, d.framesAgreeing, d.framesRequired, c ? [c.kind, c.step, c.attempt] : null])
}

/**
 * The door's brain, per camera frame: faces → subject's match → decider → door and access log.
 * Keeps no biometric data itself; the decider holds the current face's last few seconds (landmarks,
 * embedding) in memory for tracking and liveness, and forgets them when the face leaves.
 */
export class KioskService {
  private lastEmitted: Decision = IDLE_DECISION
  private busy = false

  constructor(
    private readonly deps: {
      engine: EngineHost
      gallery: GalleryRef
      decider: AccessDecider
      door: DoorController
      store: Store
      hub: EventHub
      now?: () => number
    }
  ) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now()
  }

  nameOf = (id: string): string | null => {
    try {
      return this.deps.store.residents.get(id).name
    } catch {
      return null
    }
  }

  config(): KioskConfig {
    const s = this.deps.store.settings.get()
    return {
      mode: s.mode,
      language: s.language,
      liveness: s.liveness,
      cameraDeviceId: s.camera.deviceId,
      claimable: s.claimByName
        ? this.deps.store.residents
            .list()
            .filter((r) => !r.needsReenrollment)
            .map((r) => ({ id: r.id, name: r.name }))
            .sort((a, b) => a.name.localeCompare(b.name))
        : [],
      claimByName: s.claimByName
    }
  }

  async recognizeFrame(frame: Uint8Array, capturedAt: number): Promise<FrameResult> {
    // The renderer never queues, but a second window or a replayed request must not pile up work.
    if (this.busy) throw new AppError('CONFLICT', 'Still processing the previous frame')
    this.busy = true
    const started = performance.now()
    try {
      const engine = this.deps.engine.ready()
      const mode = this.deps.store.settings.get().liveness
      // Eyes are read whenever liveness is on: a blink is evidence of life, and challenges ask for one.
      const analysis = await engine.analyzeImage(frame, { maxFaces: 1, liveness: mode !== 'off', eyes: mode !== 'off' })
      const at = this.now()
      const subject = analysis.embedded[0] ?? null
      const accessFrame = this.accessFrame(at, subject, mode, engine)
      if (subject) accessFrame.othersInView = othersInView(analysis, subject)
      const decision = this.deps.decider.observe(accessFrame)
      const dto = decisionToDto(decision, this.nameOf)
      this.publish(dto, decision)
      if (decision.final) void this.act(decision, frame)
      return {
        width: analysis.width,
        height: analysis.height,
        faces: this.frameFaces(analysis, accessFrame),
        decision: dto,
        prompt: this.prompt(analysis, decision),
        processingMs: performance.now() - started
      }
    } finally {
      this.busy = false
    }
  }

  claim(input: { residentId?: string; code?: string }): { residentId: string; name: string; expiresAt: number } {
    const at = this.now()
    const resident = this.deps.store.settings.get().claimByName
      ? input.residentId !== undefined
        ? this.findById(input.residentId)
        : this.findByCode(input.code ?? '')
      : this.findByBadgeCode(input, at)
    const source: ClaimSource = input.residentId !== undefined ? 'tap' : 'code'
    const decision = this.deps.decider.claim({ residentId: resident.id, at, source })
    const dto = decisionToDto(decision, this.nameOf)
    this.publish(dto, decision)
    if (decision.final) {
      void this.act(decision, undefined)
      throw new AppError('LOCKED', decision.message, decision.until ? { lockedUntil: decision.until } : undefined)
    }
    return { residentId: resident.id, name: resident.name, expiresAt: at + this.deps.decider.settings.verification.claimTimeoutMs }
  }

  cancelClaim(): void {
    this.deps.decider.cancelClaim()
    this.publish(IDLE_DECISION, null)
  }

  /** Called every second: claim time-outs happen without frames. */
  tick(): void {
    const decision = this.deps.decider.tick(this.now())
    if (!decision) return
    this.publish(decisionToDto(decision, this.nameOf), decision)
    if (decision.final) void this.act(decision, undefined)
  }

  private findById(id: string): { id: string; name: string } {
    try {
      return this.deps.store.residents.get(id)
    } catch {
      throw new AppError('NOT_FOUND', 'Unknown resident: choose a name from the list')
    }
  }

  /**
   * Claims by badge code only: the code is the resident's id (a name is not a secret). A code that
   * matches nobody counts toward the lockout like a failed claim, and during a lockout every code
   * is refused, so codes cannot be tried at speed to learn who lives here.
   */
  private findByBadgeCode(input: { residentId?: string; code?: string }, at: number): { id: string; name: string } {
    if (input.residentId !== undefined) throw new AppError('INVALID_PAYLOAD', 'Claims by name are turned off at this door: enter your code')
    const code = (input.code ?? '').trim().toLowerCase()
    const locked = this.deps.decider.unknownClaimLockedUntil(at)
    if (locked !== null) throw new AppError('LOCKED', 'Too many failed attempts at this door', { lockedUntil: locked })
    const resident = this.deps.store.residents.list().find((r) => r.id === code && !r.needsReenrollment)
    if (resident) return resident
    const until = this.deps.decider.recordUnknownClaim(at)
    if (until !== null) throw new AppError('LOCKED', 'Too many failed attempts at this door', { lockedUntil: until })
    throw new AppError('NOT_FOUND', 'This code does not match any resident')
  }

  /** A badge reader or keypad types the resident id or name. */
  private findByCode(code: string): { id: string; name: string } {
    const trimmed = code.trim()
    const byName = this.deps.store.residents.findByName(trimmed)
    if (byName) return byName
    const byId = this.deps.store.residents.list().find((r) => r.id === trimmed)
    if (byId) return byId
    throw new AppError('NOT_FOUND', 'This code does not match any resident')
  }

  private accessFrame(at: number, subject: EmbeddedFace | null, mode: LivenessMode, engine: FaceEngine): AccessFrame {
    if (!subject) return { at, match: null }
    const threshold = this.deps.decider.activeThreshold
    const gallery = this.deps.gallery.gallery
    const match = gallery.identify(subject.embedding, threshold)
    const claim = this.deps.decider.activeClaim
    const { box } = subject
    const face = { cx: box.x + box.width / 2, cy: box.y + box.height / 2, size: box.width, landmarks68: subject.landmarks68, embedding: subject.embedding }
    const frame: AccessFrame = { at, match, face, quality: frameQuality(subject.score, subject.quality.yawDeg) }
    if (claim) frame.claimDistance = gallery.verify(subject.embedding, claim.residentId, threshold).distance
    if (mode !== 'off') {
      const reading = { liveness: subject.liveness, livenessContext: subject.livenessContext, touchesBorder: subject.quality.touchesBorder }
      frame.liveness = passiveEvidence(reading, engine.livenessCalibration.passive)
      frame.pose = { yawDeg: subject.quality.yawDeg, eyesClosed: subject.eyes?.closed ?? null, eyeAspect: subject.eyes?.aspectRatio ?? null }
    }
    return frame
  }

  /**
   * Identification names the subject's box with the gallery's match. Verification is a 1:1 check of the
   * claimed identity: the box names nobody (the banner gives the verdict), so the kiosk never shows an
   * impostor which resident their face matched, nor contradicts an "Access refused" with a name.
   */
  private frameFaces(analysis: ImageAnalysis, frame: AccessFrame): FrameFace[] {
    const identifying = this.deps.decider.mode === 'identification'
    return analysis.faces.map((face, i) => {
      const isSubject = i === 0 && frame.match !== null
      const named = isSubject && identifying
      const residentId = named ? (frame.match?.residentId ?? null) : null
      return {
        box: face.box,
        residentId,
        name: residentId ? this.nameOf(residentId) : null,
        liveness: isSubject ? (analysis.embedded[0]?.liveness ?? null) : null,
        subject: i === 0
      }
    })
  }

  private prompt(analysis: ImageAnalysis, decision: AccessDecision): Prompt {
    const subject = analysis.embedded[0]
    if (!subject) return decision.reason === 'awaiting-claim' ? 'claim-first' : 'none'
    if (othersInView(analysis, subject) > 0) return 'one-at-a-time'
    if (subject.quality.faceSizePx < KIOSK_CONFIG.minFacePx) return 'move-closer'
    if (decision.reason === 'liveness-challenge' && decision.liveness.challenge) return decision.liveness.challenge.kind
    if (decision.reason === 'liveness-unsure') return 'look-at-camera'
    if (decision.reason === 'awaiting-claim') return 'claim-first'
    if (decision.result === 'pending') return 'hold-still'
    return 'none'
  }

  /**
   * Pushes the decision to every renderer when anything the kiosk screen shows of it changes (verdict,
   * who, the agreeing-frames progress, the challenge step): the 'decision' event alone is the whole
   * route for decisions, so a renderer needs no copy of them in the frame answers.
   */
  private publish(dto: Decision, decision: AccessDecision | null): void {
    if (shownOf(dto) === shownOf(this.lastEmitted) && !decision?.final) return
    this.lastEmitted = dto
    this.deps.hub.emit('decision', dto)
  }

  /** Opens the door for a grant and writes the log entry, with the door's outcome. */
  private async act(decision: AccessDecision, frame: Uint8Array | undefined): Promise<void> {
    const event = decisionToEvent(decision)
    try {
      const attempt = decision.result === 'granted' ? await openForDecision(this.deps.door, this.deps.decider, decision) : null
      if (attempt) {
        event.doorOutcome = { driver: attempt.outcome.driver, ok: attempt.ok, detail: describeOutcome(attempt.outcome).slice(0, 2000), durationMs: attempt.outcome.durationMs }
        if (!attempt.ok) event.result = 'door-failed'
      }
      // The store keeps JPEG snapshots only: a PNG/WebP frame is logged without one rather than not at all.
      const snapshot = frame && frame.length <= KIOSK_CONFIG.maxSnapshotBytes && isJpeg(frame) ? frame : undefined
      await this.deps.store.events.append(event, snapshot ? { snapshotJpeg: snapshot } : {})
    } catch (e) {
      console.error('[kiosk] could not record an access decision:', e instanceof Error ? e.message : e)
    }
  }
}
