/**
 * Section 4 of bench:liveness: the webm clips as the camera of the whole app (tests/support/clip-door.ts),
 * the clip's person enrolled from a few of the set's live crops, in every liveness mode.
 */
import { join } from 'node:path'
import { LIVENESS_MODES, type LivenessMode } from '../../src/shared/settings'
import { seededRandom } from '../../tests/support/random'
import { clipFrames, CLIP_FPS, framedCrop, openClipDoor, type ClipRun } from '../../tests/support/clip-door'

/** Live crops of the apfol set used for enrollment (frontal, sharp enough for the quality gates). */
export const ENROLL_CROPS = ['10.png', '50.png', '150.png', '200.png']
/** The genuine clip must open the door within this long (issue 7). */
export const OPEN_WITHIN_S = 3
/** Challenge draws per mode: a recording cannot follow prompts, so the outcome depends on the draw. */
const CHALLENGE_SEEDS = [1, 2, 3, 4, 5]

/** Every run draws the same challenges. */
export { seededRandom }

const counts = (r: Record<string, number>): string =>
  Object.entries(r)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || '-'

function line(label: string, run: ClipRun): string {
  const opened = run.firstGrantS === null ? 'never opened' : `opened at ${run.firstGrantS.toFixed(2)} s${run.doorOpened ? '' : ' (door event missing!)'}`
  const evidence = run.firstFinalLiveness ? ` | first final decision's liveness: ${run.firstFinalLiveness.status}${run.firstFinalLiveness.detail ? ` (${run.firstFinalLiveness.detail})` : ''}` : ''
  return `  ${run.mode.padEnd(20)} ${label.padEnd(7)} ${String(run.frames).padStart(3)} frames: ${opened.padEnd(22)} | grants ${run.grants} | refused frames: ${counts(run.refusals)} | pending: ${counts(run.pending)}${evidence}`
}

export async function runLoopSection(clips: { liveClip: string; spoofClip: string; liveCropsDir: string }): Promise<void> {
  console.log(`\n== 4. Decision loop: the clips as kiosk camera input (${CLIP_FPS} frames/s JPEG, createMainApp with the real models) ==`)
  const photos = await Promise.all(ENROLL_CROPS.map((f) => framedCrop(join(clips.liveCropsDir, f))))
  const live = await clipFrames(clips.liveClip)
  const replay = await clipFrames(clips.spoofClip)
  console.log(`  enrolled "Clip person" from apfol live crops ${ENROLL_CROPS.join(', ')}; live clip ${live.length} frames, replay clip ${replay.length} frames`)
  const verdicts: string[] = []
  // One app for every run; each run is a new appearance, its challenges drawn from its own seed.
  let random = seededRandom(CHALLENGE_SEEDS[0]!)
  const door = await openClipDoor(photos, { random: () => random() })
  try {
    for (const mode of LIVENESS_MODES) {
      // Only always-challenge challenges these clips (the live one passes passively, the replay fails).
      const seeds = mode === 'always-challenge' ? CHALLENGE_SEEDS : [CHALLENGE_SEEDS[0]!]
      for (const seed of seeds) {
        const label = seeds.length > 1 ? ` seed ${seed}` : ''
        random = seededRandom(seed)
        const genuine = await door.play(live, mode)
        random = seededRandom(seed)
        const attack = await door.play(replay, mode)
        console.log(line(`live${label}`, genuine))
        console.log(line(`replay${label}`, attack))
        if (mode !== 'off' && attack.grants > 0) verdicts.push(`FAIL: the replay opened the door in mode ${mode} (seed ${seed})`)
        if (mode !== 'always-challenge' && (genuine.firstGrantS === null || genuine.firstGrantS > OPEN_WITHIN_S)) {
          verdicts.push(`FAIL: the genuine clip did not open within ${OPEN_WITHIN_S} s in mode ${mode}`)
        }
      }
    }
  } finally {
    await door.dispose()
  }
  console.log(
    verdicts.length === 0
      ? `  => the replay never opened the door in any mode but off; the genuine clip opened within ${OPEN_WITHIN_S} s in off, passive and challenge-if-unsure. ` +
          'In always-challenge a recording cannot follow the prompts: the genuine clip opens only when its own head turns and blinks happen to match the random steps in time'
      : verdicts.map((v) => `  ${v}`).join('\n')
  )
  if (verdicts.length > 0) process.exitCode = 1
}

export type { LivenessMode }
