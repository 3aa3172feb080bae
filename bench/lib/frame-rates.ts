/**
 * Section 5 of bench:liveness (issue 10): the door at 1, 2, 5, 8 and 15 frames/s in every liveness
 * mode, on the whole app (tests/support/frame-rate.ts). Prints the genuine clip's time to open, and
 * opens out of attempts for the replay clip, still photos of enrolled people sent as repeated frames,
 * and hand-held photo videos made from the same photos.
 */
import { LIVENESS_MODES } from '../../src/shared/settings'
import { clipsAt, FRAME_RATES, handheldFrames, openFrameRateDoor, openWithinS, stillFrames } from '../../tests/support/frame-rate'

const GENUINE_S = 8
const STILL_S = 8
const HANDHELD_S = 4

/** The 6 Happy House camera shots come first in the harness's stills, then the LFW-dev probes. */
const CAMERA_SHOTS = 6
/** Enrolled beyond the probed ones: the quality gates refuse a few LFW-dev photos. */
const LFW_SPARE = 12

export async function runFrameRateSection(options: { lfwPeople: number; handheldPhotos: number; rates?: readonly number[] }): Promise<void> {
  const started = performance.now()
  const h = await openFrameRateDoor(options.lfwPeople + LFW_SPARE)
  const stills = h.stills.slice(0, CAMERA_SHOTS + options.lfwPeople)
  const handheld = stills.slice(0, options.handheldPhotos)
  console.log(
    `\n== 5. Door decisions at every frame rate (whole app, frames on their own clock): genuine clip ${GENUINE_S} s, replay clip whole, ` +
      `${stills.length} still photos of enrolled people (${STILL_S} s each), ${handheld.length} hand-held photo videos (${HANDHELD_S} s each) ==`
  )
  console.log('  fps | mode                | genuine: time to open (deadline) | replay opens | stills opened | hand-held opened')
  for (const fps of options.rates ?? FRAME_RATES) {
    const { genuine, replay } = await clipsAt(fps, GENUINE_S)
    const stillClips = stills.map((s) => stillFrames(s.probe, fps, STILL_S))
    const handClips = await Promise.all(handheld.map((s, i) => handheldFrames(s.probe, i + 1, fps, HANDHELD_S)))
    for (const mode of LIVENESS_MODES) {
      const g = await h.run(genuine, mode)
      const r = await h.run(replay, mode)
      let stills = 0
      for (const frames of stillClips) if ((await h.run(frames, mode)).grants > 0) stills++
      let hands = 0
      for (const frames of handClips) if ((await h.run(frames, mode)).grants > 0) hands++
      const open = g.firstGrantS === null ? 'never' : `${g.firstGrantS.toFixed(2)} s`
      console.log(
        `  ${String(fps).padStart(3)} | ${mode.padEnd(19)} | ${open.padStart(8)} (${openWithinS(fps)} s)${' '.repeat(15)} | ${r.grants > 0 ? 'OPENED' : '0 of 1'.padStart(6)}       | ` +
          `${stills} of ${stillClips.length}`.padEnd(13) + ` | ${hands} of ${handClips.length}`
      )
    }
  }
  console.log(`  (${((performance.now() - started) / 1000).toFixed(0)} s)`)
  await h.dispose()
}
