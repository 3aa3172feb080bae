export type CameraPhase = 'starting' | 'live' | 'no-camera' | 'denied' | 'unplugged' | 'error'

const RETRY_MS = 3_000
const PREFERRED = { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: 'user' } as const

/** The door camera: opens it, watches for it going away, and retries on its own. */
export class CameraState {
  phase = $state<CameraPhase>('starting')
  message = $state<string | null>(null)
  stream = $state<MediaStream | null>(null)

  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private stopped = false

  async start(deviceId?: string): Promise<void> {
    this.stopped = false
    this.phase = 'starting'
    try {
      const video = deviceId ? { ...PREFERRED, deviceId: { exact: deviceId } } : PREFERRED
      const stream = await navigator.mediaDevices.getUserMedia({ video, audio: false })
      for (const track of stream.getVideoTracks()) {
        track.addEventListener('ended', () => this.lost('unplugged', 'The camera was disconnected.'))
      }
      this.stream = stream
      this.phase = 'live'
      this.message = null
    } catch (e) {
      const name = e instanceof DOMException ? e.name : ''
      if (name === 'NotAllowedError' || name === 'SecurityError') this.lost('denied', 'Camera access was refused.')
      else if (name === 'NotFoundError' || name === 'OverconstrainedError') this.lost('no-camera', 'No camera found.')
      else this.lost('error', e instanceof Error ? e.message : 'The camera could not be opened.')
    }
  }

  private lost(phase: CameraPhase, message: string): void {
    this.stream?.getTracks().forEach((t) => t.stop())
    this.stream = null
    this.phase = phase
    this.message = message
    if (this.stopped) return
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = setTimeout(() => void this.start(), RETRY_MS)
  }

  stop(): void {
    this.stopped = true
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.stream?.getTracks().forEach((t) => t.stop())
    this.stream = null
  }
}
