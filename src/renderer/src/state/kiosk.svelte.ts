import type { ErrorResult } from '../../../shared/errors'
import type { Decision, DoorEvent, FrameFace, FrameResult, KioskConfig } from '../../../shared/ipc/contract'
import { UI_CONFIG } from '../logic/ui-config'
import type { HappyHouseApi } from '../../../shared/ipc/api'
import { defaultApi } from '../lib/api'
import { deriveBanner, FINAL_RESULTS, holdDecision, type Banner, type HeldDecision, type Prompt } from '../logic/banner'
import { clock } from './clock.svelte'
import { i18n } from './i18n.svelte'
import type { ServiceState } from './service.svelte'

export interface ActiveClaim {
  residentId: string
  name: string
  startedAt: number
  expiresAt: number | null
}

/**
 * Everything the door screen shows besides the camera: the kiosk configuration (mode, language,
 * claimable residents), the latest faces and decision, the door, and the identity claim of
 * verification mode.
 */
export class KioskState {
  config = $state.raw<KioskConfig | null>(null)
  configError = $state.raw<ErrorResult | null>(null)
  door = $state.raw<Pick<DoorEvent, 'state' | 'name' | 'message'> | null>(null)
  held = $state.raw<HeldDecision | null>(null)
  prompt = $state<Prompt>('none')
  faces = $state.raw<FrameFace[]>([])
  frameSize = $state.raw<{ width: number; height: number } | null>(null)
  facesAt = $state(0)
  claim = $state.raw<ActiveClaim | null>(null)
  claimError = $state.raw<ErrorResult | null>(null)
  claimBusy = $state(false)
  /** The claim a verdict just ended: the refusal names who was claimed while it stays on screen. */
  endedClaim = $state.raw<ActiveClaim | null>(null)

  private configTimer: ReturnType<typeof setTimeout> | null = null
  private readonly unsubscribers: (() => void)[] = []
  private readonly service: ServiceState

  constructor(
    service: ServiceState,
    private readonly api: HappyHouseApi = defaultApi()
  ) {
    this.service = service
  }

  /** The decision on screen: a final one while held, otherwise the latest. */
  readonly decision = $derived.by((): Decision | null => {
    const held = this.held
    if (!held) return null
    if (FINAL_RESULTS.has(held.decision.result)) return clock.now < held.until ? held.decision : null
    return clock.now - this.facesAt < UI_CONFIG.recognition.staleAfterMs ? held.decision : null
  })

  readonly mode = $derived(this.config?.mode ?? 'identification')

  /** A final verdict on screen (welcome, refusal): the name list waits until it has been read. */
  readonly verdictShown = $derived(this.decision !== null && FINAL_RESULTS.has(this.decision.result))

  /** Who is claimed: the running claim, or the one the verdict on screen ended ("This face does not match Kian"). */
  readonly claimedName = $derived(this.claim?.name ?? (this.verdictShown ? (this.endedClaim?.name ?? null) : null))

  readonly banner: Banner = $derived.by(() =>
    deriveBanner({
      mode: this.mode,
      door: this.door ?? (this.service.status ? { ...this.service.status.door, name: null } : null),
      decision: this.decision,
      prompt: clock.now - this.facesAt < UI_CONFIG.recognition.staleAfterMs ? this.prompt : 'none',
      claimedName: this.claimedName,
      engineReady: this.service.status?.engine.state === 'ready'
    })
  )

  /** Face boxes, hidden once main has stopped answering for a moment. */
  readonly visibleFaces = $derived(clock.now - this.facesAt < UI_CONFIG.recognition.staleAfterMs ? this.faces : [])

  start(): void {
    this.unsubscribers.push(
      this.api.on('kioskConfig', (c) => this.applyConfig(c)),
      this.api.on('door', (d) => this.onDoor(d)),
      // Each fact on one route: decisions and the door arrive as events only (main pushes every
      // change the screen shows); frame replies carry the per-frame facts (faces, prompt).
      this.api.on('decision', (d) => this.onDecision(d)),
      // Only the door's state before the first door event (e.g. a lock that failed at start-up).
      this.api.on('status', (s) => {
        if (!this.door) this.door = { state: s.door.state, name: null, message: s.door.message }
      })
    )
    void this.loadConfig()
  }

  stop(): void {
    for (const u of this.unsubscribers.splice(0)) u()
    if (this.configTimer) clearTimeout(this.configTimer)
  }

  async loadConfig(): Promise<void> {
    if (this.configTimer) clearTimeout(this.configTimer)
    const r = await this.api.getKioskConfig({})
    if (r.ok) {
      this.applyConfig(r.value)
      this.configError = null
    } else {
      this.configError = r
      // Keep trying: the service may still be starting, or this verb may arrive with an update.
      this.configTimer = setTimeout(() => void this.loadConfig(), UI_CONFIG.kiosk.configRetryMs)
    }
  }

  private applyConfig(config: KioskConfig): void {
    this.config = config
    i18n.setLanguage(config.language)
    if (config.mode !== 'verification') this.claim = null
  }

  onFrameResult(result: FrameResult): void {
    this.faces = result.faces
    this.frameSize = { width: result.width, height: result.height }
    this.facesAt = Date.now()
    this.prompt = result.prompt
  }

  onDecision(decision: Decision): void {
    const now = Date.now()
    this.held = holdDecision(this.held, decision, now, UI_CONFIG.kiosk.decisionHoldMs)
    // A verdict ends the claim: the next person starts with the name list again.
    if (this.claim && FINAL_RESULTS.has(decision.result) && decision.result !== 'cooldown') {
      this.endedClaim = this.claim
      this.claim = null
    }
  }

  private onDoor(door: DoorEvent): void {
    this.door = door
  }

  /** Ends a claim whose time ran out, if main has not said so already. */
  expireClaim(now: number): void {
    if (this.claim?.expiresAt !== null && this.claim && now >= this.claim.expiresAt!) {
      this.endedClaim = this.claim
      this.claim = null
    }
  }

  claimResident(residentId: string): Promise<void> {
    return this.sendClaim({ residentId })
  }

  claimCode(code: string): Promise<void> {
    const trimmed = code.trim()
    if (trimmed === '') return Promise.resolve()
    return this.sendClaim({ code: trimmed })
  }

  private async sendClaim(request: { residentId: string } | { code: string }): Promise<void> {
    if (this.claimBusy) return
    this.claimBusy = true
    this.claimError = null
    this.endedClaim = null
    const r = await this.api.claimIdentity(request)
    this.claimBusy = false
    if (!r.ok) {
      this.claimError = r
      return
    }
    const { residentId, name, expiresAt } = r.value
    if (residentId === null) {
      this.claim = null
      return
    }
    const fallbackName = this.config?.claimable.find((c) => c.id === residentId)?.name ?? residentId
    this.claim = { residentId, name: name ?? fallbackName, startedAt: Date.now(), expiresAt }
  }

  async cancelClaim(): Promise<void> {
    this.claim = null
    this.claimError = null
    await this.api.cancelClaim({})
  }
}
