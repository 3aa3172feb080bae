import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createFaceEngine, type FaceEngine } from '../../../src/main/engine'
import { createEnrollmentService, type EnrollmentService } from '../../../src/main/residents'
import { openStore, type Store } from '../../../src/main/store'
import type { AppError } from '../../../src/shared/errors'
import { FACES_DIR, facesAvailable, reportMissingFaces } from '../../support/faces'
import { tempDataDir } from '../../support/store-fixtures'
import { decodeVideo, ffmpegAvailable, reportMissingFfmpeg } from '../../support/video'

reportMissingFaces('camera enrollment liveness')
reportMissingFfmpeg('camera enrollment liveness')

const CLIPS = join(FACES_DIR, 'spoof-dev/apfol_liveness_opencv')
const CAPTURE_FPS = 3
const CAPTURES = 5
/** The capture screen waits for a face that passes the pose gates before it captures. */
const FRONTAL_DEG = 30
/** Enough of each clip to find the frontal frames. */
const DECODE_S = 8

/** The first frontal frames of a clip as the capture screen would send them: JPEG frames. */
async function captures(engine: FaceEngine, file: string): Promise<Uint8Array[]> {
  const video = await decodeVideo(file, { fps: CAPTURE_FPS, durationS: DECODE_S })
  const picked: Uint8Array[] = []
  for (const data of video.frames) {
    const jpeg = new Uint8Array(await sharp(data, { raw: { width: video.width, height: video.height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer())
    const [face] = await engine.embedFaces(jpeg, { maxFaces: 1 })
    if (face && Math.abs(face.quality.yawDeg) <= FRONTAL_DEG) picked.push(jpeg)
    if (picked.length === CAPTURES) break
  }
  return picked
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise
  } catch (e) {
    return e as AppError
  }
  throw new Error('expected a rejection')
}

describe.skipIf(!facesAvailable || !ffmpegAvailable)('enrollment from the camera requires liveness', () => {
  let engine: FaceEngine
  let store: Store
  let service: EnrollmentService
  let cleanup: () => Promise<void>
  let live: Uint8Array[]
  let replay: Uint8Array[]

  beforeAll(async () => {
    engine = createFaceEngine()
    live = await captures(engine, join(CLIPS, 'live/real2.webm'))
    replay = await captures(engine, join(CLIPS, 'spoof/fake2.webm'))
    expect([live.length, replay.length]).toEqual([CAPTURES, CAPTURES])
  })
  afterAll(() => engine?.dispose())
  beforeEach(async () => {
    const temp = await tempDataDir('hh-enroll-live-')
    cleanup = temp.cleanup
    store = await openStore(temp.dir, { activeModelId: engine.modelId })
    service = createEnrollmentService({ store, engine })
  })
  afterEach(async () => {
    await store.close()
    await cleanup()
  })

  it('enrolls the person standing in front of the camera (the live webm clip)', async () => {
    const result = await service.enroll('Live', live, { source: 'camera' })
    expect(result.accepted.length).toBeGreaterThanOrEqual(3)
    for (const r of result.rejected) expect(r.reason).toBe('not-live')
  })

  it('refuses the same person replayed on a phone (the replay webm clip), every capture', async () => {
    const error = await rejection(service.enroll('Replay', replay, { source: 'camera' }))
    expect(error.code).toBe('QUALITY_REJECTED')
    expect(error.details).toMatchObject({ reason: 'not-live' })
    expect(store.residents.list()).toEqual([])
  })

  it('refuses a capture cut tight around the face (no context), whatever the model says', async () => {
    const frame = live[0]
    const [face] = await engine.detectFaces(frame!)
    const { x, y, width } = face!.box
    const tight = await sharp(frame!).extract({ left: Math.round(x), top: Math.round(y), width: Math.round(width), height: Math.round(width) }).jpeg().toBuffer()
    const error = await rejection(service.enroll('Crop', [new Uint8Array(tight)], { source: 'camera' }))
    expect(error.details).toMatchObject({ reason: expect.stringMatching(/not-live|cut-off/) })
  })

  it('does not ask photo files for liveness', async () => {
    const frame = replay[0]
    const result = await service.enroll('From a file', [frame!], { source: 'file' })
    expect(result.accepted).toHaveLength(1)
  })
})
