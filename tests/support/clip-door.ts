import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { createMainApp, type MainApp } from '../../src/main/app'
import type { FaceEngine } from '../../src/main/engine'
import type { CallContext } from '../../src/main/ipc/registry'
import type { FrameResult } from '../../src/shared/ipc/contract'
import type { LivenessMode } from '../../src/shared/settings'
import { decodeVideo } from './video'
import { LOG_LEVEL_ENV } from '../../src/main/log/logger.mjs'

/**
 * A webm clip as the kiosk camera of the whole main process (createMainApp with the real models,
 * store, door and decider), with the clip's person enrolled first. Frames go through the API verb
 * the renderer uses, as the JPEGs it sends (640 px wide, quality 80); the app's clock is the clip's
 * own time, so the liveness window and challenge time-outs follow the recording.
 */
export const CLIP_FPS = 8
const RENDERER_JPEG_QUALITY = 80
const PIN = '246813'
/** Crops are cut tight around the face: a plain border lets the detector see the whole head. */
const CROP_BORDER_PX = 40
const CROP_BORDER = { r: 128, g: 128, b: 128 }
const CONTEXT: CallContext = { transport: 'websocket', trustedSender: true, sender: 'clip-door' }

export interface ClipFrame {
  /** Seconds from the clip's start. */
  t: number
  jpeg: Uint8Array
}

/** The clip at `fps` as the renderer would send it (optionally only its first seconds). */
export async function clipFrames(file: string, fps = CLIP_FPS, durationS?: number): Promise<ClipFrame[]> {
  const video = await decodeVideo(file, durationS === undefined ? { fps } : { fps, durationS })
  return Promise.all(
    video.frames.map(async (data, i) => ({
      t: i / fps,
      jpeg: new Uint8Array(await sharp(data, { raw: { width: video.width, height: video.height, channels: 3 } }).jpeg({ quality: RENDERER_JPEG_QUALITY }).toBuffer())
    }))
  )
}

/** A face crop framed by a plain border, as an enrollment photo file. */
export async function framedCrop(path: string): Promise<Uint8Array> {
  const border = { top: CROP_BORDER_PX, bottom: CROP_BORDER_PX, left: CROP_BORDER_PX, right: CROP_BORDER_PX, background: CROP_BORDER }
  return new Uint8Array(await sharp(await readFile(path)).extend(border).jpeg({ quality: 95 }).toBuffer())
}

export interface ClipRun {
  mode: LivenessMode
  frames: number
  /** Clip time of the first grant, seconds, or null. */
  firstGrantS: number | null
  /** The door reached 'open' (after the first grant). */
  doorOpened: boolean
  grants: number
  /** Residents granted, in order. */
  grantedIds: string[]
  /** Final refusals by reason. */
  refusals: Record<string, number>
  /** Pending decisions by reason (what the screen showed while deciding). */
  pending: Record<string, number>
  /** Liveness evidence of the first final decision (what the log records). */
  firstFinalLiveness: FrameResult['decision']['liveness'] | null
}

export interface ClipDoor {
  app: MainApp
  /** Calls an API verb as the renderer would (typed errors become exceptions). */
  call<T>(verb: string, payload: unknown): Promise<T>
  token: string
  residentId: string
  /** Plays frames (clip time + `startS`) in `mode`; the appearance starts fresh. `beforeFrame` runs before frame i is sent. */
  play(frames: readonly ClipFrame[], mode: LivenessMode, beforeFrame?: (index: number) => Promise<void>): Promise<ClipRun>
  dispose(): Promise<void>
}

/** The store's start-up notice ("Created a new database in /tmp/...", level info) is noise in a benchmark. */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const level = process.env[LOG_LEVEL_ENV]
  process.env[LOG_LEVEL_ENV] = 'warn'
  try {
    return await work()
  } finally {
    if (level === undefined) delete process.env[LOG_LEVEL_ENV]
    else process.env[LOG_LEVEL_ENV] = level
  }
}

function isAdminPayload(payload: unknown): payload is Record<string, unknown> {
  return typeof payload === 'object' && payload !== null && 'token' in payload
}

async function call<T>(app: MainApp, verb: string, payload: unknown): Promise<T> {
  const result = await app.registry.dispatch(verb, payload, CONTEXT)
  if (!result.ok) throw new Error(`${verb} failed: ${result.code} ${result.message}`)
  return result.value as T
}

/** A fresh app in a temp data dir, the person enrolled from `enrollPhotos` (files). */
export async function openClipDoor(
  enrollPhotos: readonly Uint8Array[],
  options: { random?: () => number; name?: string; engine?: FaceEngine } = {}
): Promise<ClipDoor> {
  const dataDir = await mkdtemp(join(tmpdir(), 'happy-house-clip-'))
  let clock = Date.parse('2026-01-01T08:00:00Z')
  const app = await quietly(() => createMainApp({ transport: 'websocket', dataDir, now: () => clock, random: options.random, engine: options.engine }))
  for (let i = 0; ; i++) {
    const status = await call<{ engine: { state: string; message: string | null } }>(app, 'getStatus', {})
    if (status.engine.state === 'ready') break
    if (status.engine.state === 'error' || i > 300) throw new Error(`the face engine did not start: ${status.engine.message}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  let { token } = await call<{ token: string }>(app, 'setupPin', { pin: PIN })
  /**
   * An admin verb: the session lives on the app's clock, which a long benchmark moves on by hours, so
   * an ended session is opened again with the PIN (as the administrator would) and the call retried.
   */
  const admin = async <T>(verb: string, payload: Record<string, unknown>): Promise<T> => {
    const first = await app.registry.dispatch(verb, { ...payload, token }, CONTEXT)
    if (first.ok) return first.value as T
    if (first.code !== 'FORBIDDEN') throw new Error(`${verb} failed: ${first.code} ${first.message}`)
    token = (await call<{ token: string }>(app, 'unlockAdmin', { pin: PIN })).token
    return call<T>(app, verb, { ...payload, token })
  }
  const enrolled = await call<{ resident: { id: string } }>(app, 'enrollResident', { token, name: options.name ?? 'Clip person', photos: enrollPhotos, source: 'file' })
  const doorStates: { at: number; state: string }[] = []
  app.hub.subscribe((event, payload) => {
    if (event === 'door') doorStates.push({ at: clock, state: (payload as { state: string }).state })
  })

  async function play(frames: readonly ClipFrame[], mode: LivenessMode, beforeFrame?: (index: number) => Promise<void>): Promise<ClipRun> {
    await admin('updateSettings', { patch: { liveness: mode } })
    // A gap longer than any appearance: the clip is a new person at the door.
    clock += 60_000
    const start = clock
    const run: ClipRun = { mode, frames: frames.length, firstGrantS: null, doorOpened: false, grants: 0, grantedIds: [], refusals: {}, pending: {}, firstFinalLiveness: null }
    const doorFrom = doorStates.length
    for (const [index, frame] of frames.entries()) {
      await beforeFrame?.(index)
      clock = start + Math.round(frame.t * 1000)
      const result = await call<FrameResult>(app, 'recognizeFrame', { frame: frame.jpeg, capturedAt: clock })
      const d = result.decision
      if (d.result === 'granted') {
        run.grants++
        run.grantedIds.push(d.residentId ?? '?')
        run.firstGrantS ??= frame.t
      }
      if (d.result === 'denied') run.refusals[d.reason] = (run.refusals[d.reason] ?? 0) + 1
      if (d.result === 'pending') run.pending[d.reason] = (run.pending[d.reason] ?? 0) + 1
      if ((d.result === 'granted' || d.result === 'denied') && run.firstFinalLiveness === null) run.firstFinalLiveness = d.liveness
    }
    // The door opens asynchronously after a grant: give it a moment (generous: CI machines may be loaded).
    const doorDeadline = Date.now() + 10_000
    while (run.grants > 0 && !doorStates.slice(doorFrom).some((s) => s.state === 'open') && Date.now() < doorDeadline) await new Promise((r) => setTimeout(r, 20))
    run.doorOpened = doorStates.slice(doorFrom).some((s) => s.state === 'open')
    return run
  }

  return {
    app,
    call: (verb, payload) => (isAdminPayload(payload) ? admin(verb, payload) : call(app, verb, payload)),
    get token() {
      return token
    },
    residentId: enrolled.resident.id,
    play,
    async dispose() {
      await app.dispose()
      await rm(dataDir, { recursive: true, force: true })
    }
  }
}
