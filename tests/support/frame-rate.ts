import { readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { createFaceEngine, type FaceEngine } from '../../src/main/engine'
import type { LivenessMode } from '../../src/shared/settings'
import { clipFrames, framedCrop, openClipDoor, type ClipDoor, type ClipFrame, type ClipRun } from './clip-door'
import { FACES_DIR, HAPPY_HOUSE_RESIDENTS, happyHouse } from './faces'
import { handheldVideo } from './handheld'
import { memoizingEngine } from './memo-engine'

/**
 * The frame-rate harness of the door decisions: the whole main process (createMainApp: the real
 * engine, decider, door and store, as the app wires them) fed camera frames sampled at a given frame
 * rate, with the app's clock on the frames' own time, so the result does not depend on how fast
 * this machine is. The engine remembers each distinct frame, so every liveness mode replays the same
 * frames for the cost of one.
 */
export const FRAME_RATES = [1, 2, 5, 8, 15] as const
export const APFOL = join(FACES_DIR, 'spoof-dev/apfol_liveness_opencv')
export const GENUINE_CLIP = join(APFOL, 'live/real2.webm')
export const REPLAY_CLIP = join(APFOL, 'spoof/fake2.webm')
/** Live crops of the clip's person, enrolled as photo files. */
const CLIP_PERSON_CROPS = ['10.png', '50.png', '150.png', '200.png']
const LFW_IMAGES = join(FACES_DIR, 'lfw-dev/images')
const FRAME_W = 640
const FRAME_H = 480

/** Repeated frames of one image for `durationS` at `fps` (a still picture fed to the camera). */
export function stillFrames(jpeg: Uint8Array, fps: number, durationS: number): ClipFrame[] {
  return Array.from({ length: Math.max(1, Math.round(durationS * fps)) }, (_, i) => ({ t: i / fps, jpeg }))
}

/** A photo moved by a hand in front of the camera (tests/support/handheld.ts), sampled at `fps`. */
export async function handheldFrames(photo: Uint8Array, seed: number, fps: number, durationS: number): Promise<ClipFrame[]> {
  const video = await handheldVideo(photo, { seed })
  const count = Math.max(1, Math.round(durationS * fps))
  return Promise.all(Array.from({ length: count }, async (_, i) => ({ t: i / fps, jpeg: await video.frameAt(i / fps) })))
}

/** Two photos side by side in one 640x480 camera frame, each face as large as the other. */
export async function twoFacesFrame(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  const side = 260
  const tile = async (img: Uint8Array) => sharp(img).rotate().resize(side, side, { fit: 'cover' }).jpeg().toBuffer()
  const top = Math.round((FRAME_H - side) / 2)
  return new Uint8Array(
    await sharp({ create: { width: FRAME_W, height: FRAME_H, channels: 3, background: { r: 120, g: 120, b: 120 } } })
      .composite([
        { input: await tile(left), left: 40, top },
        { input: await tile(right), left: FRAME_W - side - 40, top }
      ])
      .jpeg({ quality: 85 })
      .toBuffer()
  )
}

export interface EnrolledPhoto {
  /** Resident name. */
  name: string
  /** A photo of that resident that was not used for enrollment (or the camera shot). */
  probe: Uint8Array
}

/** LFW-dev people with at least two photos, in folder order: enrolled from the first, probed with the second. */
export function lfwPairs(count: number): { name: string; enroll: string; probe: string }[] {
  const people: { name: string; enroll: string; probe: string }[] = []
  for (const person of readdirSync(LFW_IMAGES).sort()) {
    if (people.length >= count) break
    const files = readdirSync(join(LFW_IMAGES, person)).filter((f) => f.endsWith('.jpg')).sort()
    if (files.length >= 2) people.push({ name: person.replaceAll('_', ' '), enroll: join(LFW_IMAGES, person, files[0]!), probe: join(LFW_IMAGES, person, files[1]!) })
  }
  return people
}

/** The Happy House camera shots and who they show (faces README). */
const CAMERA_PEOPLE = ['younes', 'bertrand', 'benoit', 'bertrand', 'dan', 'arnaud'] as const

export interface FrameRateDoor {
  door: ClipDoor
  /** Enrolled people's photos that are not the enrolled ones: still-photo attacks. */
  stills: EnrolledPhoto[]
  /** Plays `frames` in `mode` as a new person at the door. */
  run(frames: readonly ClipFrame[], mode: LivenessMode, beforeFrame?: (index: number) => Promise<void>): Promise<ClipRun>
  dispose(): Promise<void>
}

let sharedEngine: FaceEngine | null = null
/** One memoizing engine per process (tests and the benchmark open several doors). */
export function harnessEngine(): FaceEngine {
  return (sharedEngine ??= memoizingEngine(createFaceEngine()))
}

/**
 * A kiosk with the clip's person, the 12 Happy House residents and `lfwPeople` LFW-dev people
 * enrolled (people whose enrollment the quality gates refuse are left out and not probed).
 */
export async function openFrameRateDoor(lfwPeople: number): Promise<FrameRateDoor> {
  const crops = await Promise.all(CLIP_PERSON_CROPS.map((f) => framedCrop(join(APFOL, 'live', f))))
  const door = await openClipDoor(crops, { random: () => 0.5, engine: harnessEngine() })
  const enroll = async (name: string, photo: Uint8Array): Promise<boolean> => {
    try {
      await door.call('enrollResident', { token: door.token, name, photos: [photo], source: 'file', confirm: true })
      return true
    } catch {
      return false
    }
  }
  const stills: EnrolledPhoto[] = []
  for (const resident of HAPPY_HOUSE_RESIDENTS) {
    const file = readdirSync(happyHouse.residentsDir).find((f) => f.startsWith(`${resident}.`))!
    await enroll(resident, new Uint8Array(await readFile(join(happyHouse.residentsDir, file))))
  }
  for (const [n, person] of CAMERA_PEOPLE.entries()) stills.push({ name: person, probe: new Uint8Array(await readFile(happyHouse.camera(n))) })
  for (const person of lfwPairs(lfwPeople)) {
    if (await enroll(person.name, new Uint8Array(await readFile(person.enroll)))) stills.push({ name: person.name, probe: new Uint8Array(await readFile(person.probe)) })
  }
  return {
    door,
    stills,
    run: (frames, mode, beforeFrame) => door.play(frames, mode, beforeFrame),
    dispose: () => door.dispose()
  }
}

/** The genuine and replay clips at `fps` (the genuine one cut to `genuineS` seconds). */
export async function clipsAt(fps: number, genuineS: number): Promise<{ genuine: ClipFrame[]; replay: ClipFrame[] }> {
  return { genuine: await clipFrames(GENUINE_CLIP, fps, genuineS), replay: await clipFrames(REPLAY_CLIP, fps) }
}

/** The time within which the genuine clip must open the door at `fps` (issue 10). */
export function openWithinS(fps: number): number {
  return fps >= 2 ? 3 : 6
}
