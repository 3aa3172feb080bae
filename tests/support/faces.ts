import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Repository root (tests/support/ is two levels below it). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))

/** The team's face data, read in place beside the repository (never copied into it). */
export const FACES_DIR = process.env.HAPPY_HOUSE_FACES ?? resolve(REPO_ROOT, '../shared/faces')

export const facesAvailable = existsSync(join(FACES_DIR, 'README.md'))

/** Prints why face-data tests are skipped; call it where `describe.skipIf(!facesAvailable)` is used. */
export function reportMissingFaces(what: string): void {
  if (!facesAvailable) console.warn(`[skip] ${what}: face data not found at ${FACES_DIR} (expected ../shared/faces beside the repo)`)
}

export const happyHouse = {
  residentsDir: join(FACES_DIR, 'happy-house/residents'),
  cameraDir: join(FACES_DIR, 'happy-house/camera'),
  camera: (n: number) => join(FACES_DIR, `happy-house/camera/camera_${n}.jpg`)
}

/** The 12 residents of happy-house/residents, in file order. */
export const HAPPY_HOUSE_RESIDENTS = [
  'andrew',
  'arnaud',
  'benoit',
  'bertrand',
  'dan',
  'danielle',
  'felix',
  'kevin',
  'kian',
  'sebastiano',
  'tian',
  'younes'
] as const
export type HappyHouseResident = (typeof HAPPY_HOUSE_RESIDENTS)[number]
