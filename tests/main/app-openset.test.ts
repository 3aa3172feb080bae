import { readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFaceEngine } from '../../src/main/engine'
import { openClipDoor, type ClipDoor } from '../support/clip-door'
import { attemptJpegs } from '../support/door-attempts'
import { FACES_DIR, facesAvailable, reportMissingFaces } from '../support/faces'
import { seededRandom } from '../support/random'

reportMissingFaces('stranger windows against 100 enrolled LFW-dev residents')

const LFW_IMAGES = join(FACES_DIR, 'lfw-dev/images')
const RESIDENTS = 100
const PHOTOS_EACH = 3
const STRANGERS = 40
/** Residents probed with a photo of theirs that was not enrolled. */
const GENUINE = 10
/** A stranger stands at the door for 2 s at 5 frames/s: long enough for any agreement the decider asks. */
const FRAMES = 10
const FPS = 5
const SLOW = 900_000

function lfwFolders(): { name: string; photos: string[] }[] {
  return readdirSync(LFW_IMAGES)
    .sort()
    .map((name) => ({ name, photos: readdirSync(join(LFW_IMAGES, name)).filter((f) => f.endsWith('.jpg')).sort().map((f) => join(LFW_IMAGES, name, f)) }))
}

/**
 * Issue 11's done-when on the whole main process: 100 LFW-dev residents enrolled from 3 photo
 * files each (the building of the open-set bench), the default preset, liveness off so that only
 * the open-set test stands between a stranger and the door. Each stranger is an LFW-dev person
 * who is not enrolled, standing at the door: a window of jittered camera frames of one photo.
 */
describe.skipIf(!facesAvailable)('a building of 100 LFW-dev residents (whole app, real engine)', () => {
  let door: ClipDoor
  let enrolled = 0
  /** Resident id by LFW folder name. */
  const ids = new Map<string, string>()
  const folders = facesAvailable ? lfwFolders() : []
  const residents = folders.filter((p) => p.photos.length >= PHOTOS_EACH).slice(0, RESIDENTS)
  const strangers = folders.filter((p) => p.photos.length < PHOTOS_EACH).slice(0, STRANGERS)

  beforeAll(async () => {
    const photos = (p: { photos: string[] }) => Promise.all(p.photos.slice(0, PHOTOS_EACH).map(async (f) => new Uint8Array(await readFile(f))))
    const [first, ...rest] = residents
    door = await openClipDoor(await photos(first!), { name: first!.name, engine: createFaceEngine() })
    ids.set(first!.name, door.residentId)
    enrolled = 1
    for (const person of rest) {
      // confirm: LFW photos of one person are years apart, and some residents look alike.
      await door.call<{ resident: { id: string } }>('enrollResident', { token: door.token, name: person.name, photos: await photos(person), source: 'file', confirm: true }).then(
        (r) => {
          enrolled++
          ids.set(person.name, r.resident.id)
        },
        () => undefined
      )
    }
  }, SLOW)
  afterAll(() => door?.dispose())

  it(
    'no stranger window opens the door, with the threshold in force for 100 residents',
    async () => {
      expect(enrolled).toBeGreaterThanOrEqual(RESIDENTS - 2)
      const status = await door.call<{ openSet: { residents: number; embeddings: number; strangerRate: Record<string, number> } | null }>('getStatus', {})
      expect(status.openSet?.residents).toBe(enrolled)
      const list = await door.call<{ photoCount: number }[]>('listResidents', { token: door.token })
      expect(status.openSet?.embeddings).toBe(list.reduce((n, r) => n + r.photoCount, 0))
      // The default preset at this size: about 1 stranger in 10,000 attempts (no floor reached).
      expect(status.openSet?.strangerRate.balanced).toBeCloseTo(1e-4, 8)
      const random = seededRandom(11)
      const opened: string[] = []
      for (const stranger of strangers) {
        const jpegs = await attemptJpegs(await readFile(stranger.photos[0]!), FRAMES, random)
        const run = await door.play(jpegs.map((jpeg, i) => ({ t: i / FPS, jpeg })), 'off')
        if (run.grants > 0) opened.push(`${stranger.name} as ${run.grantedIds.join(', ')}`)
      }
      expect(opened).toEqual([])
    },
    SLOW
  )

  it(
    'the same door does open for residents: a window of a photo that was not enrolled, for that resident only',
    async () => {
      const probed = residents.filter((p) => p.photos.length > PHOTOS_EACH && ids.has(p.name)).slice(0, GENUINE)
      expect(probed).toHaveLength(GENUINE)
      const random = seededRandom(12)
      let opened = 0
      for (const person of probed) {
        const jpegs = await attemptJpegs(await readFile(person.photos[PHOTOS_EACH]!), FRAMES, random)
        const run = await door.play(jpegs.map((jpeg, i) => ({ t: i / FPS, jpeg })), 'off')
        expect(run.grantedIds.filter((id) => id !== ids.get(person.name)), person.name).toEqual([])
        if (run.grants > 0) opened++
      }
      // bench:openset measures 91-96 % on such attempts; this only shows the door is not shut for everyone.
      expect(opened).toBeGreaterThanOrEqual(GENUINE / 2)
    },
    SLOW
  )
})
