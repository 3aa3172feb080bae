/**
 * Liveness calibration and acceptance figures (issue 7).
 *
 *   npm run bench:liveness                 # everything (about 2-3 minutes on 2 cores)
 *   npm run bench:liveness -- --lfw 200    # fewer LFW-dev photos
 *   npm run bench:liveness -- --no-loop    # per-frame and window figures only
 *   npm run bench:liveness -- --frame-rates-only [--lfw-people N] [--handheld N] [--fps 1,2,5,8,15]   # section 5 only
 *
 * 1. Colour order: p(live) of every face in both channel orders (B,G,R and R,G,B) on the webm
 *    clips (5 and 8 frames/s), the spoof-dev crops and genuine LFW-dev photos; AUC per set.
 * 2. The operating point of models/manifest.json (fr_liveness.operatingPoint): live accept and spoof
 *    reject per set, per frame and per window (mean clamped log-odds over the last windowMs).
 * 3. The eye model's classes, from data.
 * 4. The whole decision loop (bench/lib/clip-door.ts over tests/support/clip-door.ts): the clips as
 *    camera input of createMainApp with the clip's person enrolled from live crops, in every mode.
 * 5. Door decisions at 1-15 frames/s in every mode (bench/lib/frame-rates.ts): genuine time to open,
 *    replay, still photos and hand-held photo videos of enrolled people.
 * Needs ../shared/faces and ffmpeg (apt-get install ffmpeg).
 */
import { join } from 'node:path'
import { frameVerdict, judgePassiveWindow, logit, passiveEvidence, sigmoid, type PassiveOperatingPoint, type PassiveReading } from '../src/main/liveness/passive'
import type { AccessFrame, LivenessVerdict } from '../src/main/access/types'
import { DEFAULT_ACCESS_CONFIG } from '../src/main/access/config'
import { createFaceEngineWithInternals } from '../src/main/engine/engine'
import { modelFor } from '../src/main/engine/manifest'
import { ffmpegAvailable } from '../tests/support/video'
import { runLoopSection } from './lib/clip-door'
import { runFrameRateSection } from './lib/frame-rates'
import { auc, CHANNEL_ORDERS, imageFiles, lfwSample, scoreClip, scoreFiles, type ChannelOrder, type SampleSet, type ScoredFace } from './lib/liveness-sets'
import { argValue, FACES_DIR, hasFlag, requireDir } from './lib/paths'

const CLIP_FPS = [5, 8] as const
const DEFAULT_LFW = 500
const SPOOF_DEV = join(FACES_DIR, 'spoof-dev')
const APFOL = join(SPOOF_DEV, 'apfol_liveness_opencv')
export const LIVE_CLIP = join(APFOL, 'live/real2.webm')
export const SPOOF_CLIP = join(APFOL, 'spoof/fake2.webm')

const pct = (n: number, d: number): string => (d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`)
const fmt = (v: number | null, digits = 2): string => (v === null || !Number.isFinite(v) ? '-' : v.toFixed(digits))

function reading(face: ScoredFace, order: ChannelOrder): PassiveReading {
  return { liveness: face.score[order], livenessContext: face.context, touchesBorder: face.touchesBorder }
}

interface FrameCounts {
  samples: number
  faces: number
  withContext: number
  verdicts: Record<LivenessVerdict, number>
  /** p(live) >= the pass cut, ignoring context (what a per-frame check without the context rule does). */
  liveIgnoringContext: number
}

function frameCounts(set: SampleSet, order: ChannelOrder, op: PassiveOperatingPoint): FrameCounts {
  const faces = set.faces.filter((f): f is ScoredFace => f !== null)
  const verdicts: Record<LivenessVerdict, number> = { live: 0, unsure: 0, spoof: 0 }
  for (const f of faces) verdicts[frameVerdict(reading(f, order), op)]++
  return {
    samples: set.faces.length,
    faces: faces.length,
    withContext: faces.filter((f) => !f.touchesBorder && f.context >= op.minContextScale).length,
    verdicts,
    liveIgnoringContext: faces.filter((f) => logit(f.score[order], op.logitClamp) >= op.passAtLogit).length
  }
}

/** Live sets: accepted = judged live. Spoof sets: rejected = anything but live (unsure never opens). */
function frameLine(set: SampleSet, order: ChannelOrder, op: PassiveOperatingPoint): string {
  const c = frameCounts(set, order, op)
  const headline = set.live ? `live accept ${pct(c.verdicts.live, c.samples)}` : `spoof reject ${pct(c.samples - c.verdicts.live, c.samples)}`
  const noCtx = set.live ? `${pct(c.liveIgnoringContext, c.samples)} accepted` : `${pct(c.samples - c.liveIgnoringContext, c.samples)} rejected`
  return (
    `  ${set.name.padEnd(24)} ${String(c.samples).padStart(4)} samples, ${String(c.faces).padStart(4)} faces, ${String(c.withContext).padStart(4)} with context | ` +
    `${headline} (live ${c.verdicts.live}, unsure ${c.verdicts.unsure}, spoof ${c.verdicts.spoof}; no face counts as not live) | without the context rule: ${noCtx}`
  )
}

interface WindowCounts {
  windows: number
  pass: number
  fail: number
  unsure: number
  /** Clip time of the first pass, seconds. */
  firstPassS: number | null
  minMean: number | null
  maxMean: number | null
}

/** The passive window judged at every frame of a clip, as the decider would (only the live face frames count). */
function windowCounts(set: SampleSet, order: ChannelOrder, op: PassiveOperatingPoint): WindowCounts {
  const frames: AccessFrame[] = []
  const counts: WindowCounts = { windows: 0, pass: 0, fail: 0, unsure: 0, firstPassS: null, minMean: null, maxMean: null }
  set.faces.forEach((face, i) => {
    const at = Math.round(set.times![i]! * 1000)
    if (face === null) return
    frames.push({ at, match: null, liveness: passiveEvidence(reading(face, order), op) })
    const w = judgePassiveWindow(frames, at, op)
    if (w.unsureBecause === 'collecting') return
    counts.windows++
    counts[w.status]++
    if (w.status === 'pass' && counts.firstPassS === null) counts.firstPassS = at / 1000
    if (w.meanLogit !== null) {
      counts.minMean = Math.min(counts.minMean ?? Infinity, w.meanLogit)
      counts.maxMean = Math.max(counts.maxMean ?? -Infinity, w.meanLogit)
    }
  })
  return counts
}

function windowLine(set: SampleSet, order: ChannelOrder, op: PassiveOperatingPoint): string {
  const w = windowCounts(set, order, op)
  const headline = set.live ? `live accept ${pct(w.pass, w.windows)}` : `spoof reject ${pct(w.windows - w.pass, w.windows)} (fail ${pct(w.fail, w.windows)})`
  return (
    `  ${set.name.padEnd(24)} ${String(w.windows).padStart(4)} windows | ${headline} | pass ${w.pass}, unsure ${w.unsure}, fail ${w.fail} | ` +
    `mean log-odds ${fmt(w.minMean)} .. ${fmt(w.maxMean)}${set.live ? ` | first pass at ${fmt(w.firstPassS, 1)} s` : ''}`
  )
}

function aucLine(label: string, live: SampleSet[], spoof: SampleSet[]): string {
  const scores = (sets: SampleSet[], order: ChannelOrder) => sets.flatMap((s) => s.faces.flatMap((f) => (f ? [f.score[order]] : [])))
  return `  ${label.padEnd(44)} ${CHANNEL_ORDERS.map((o) => `${o} ${auc(scores(live, o), scores(spoof, o)).toFixed(3)}`).join('   ')}`
}

function pearson(xs: number[], ys: number[]): number {
  const n = xs.length
  const mx = xs.reduce((a, b) => a + b, 0) / n
  const my = ys.reduce((a, b) => a + b, 0) / n
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my)
    sxx += (xs[i]! - mx) ** 2
    syy += (ys[i]! - my) ** 2
  }
  return sxy / Math.sqrt(sxx * syy)
}

function eyeSection(lfw: SampleSet, liveClip: SampleSet, eyeCut: { closedAtOrAbove: number; openBelow: number }, maxYawDeg: number): void {
  console.log('\n== 3. Eye model (fr_eye): which class is "closed"? ==')
  const lfwClosed = lfw.faces.flatMap((f) => (f?.eyes ? [f.eyes.closed] : []))
  const below = lfwClosed.filter((p) => p < 0.5).length
  console.log(`  LFW-dev photos (eyes open in nearly every press photo): p(class 0) < 0.5 for ${below}/${lfwClosed.length} = ${pct(below, lfwClosed.length)}`)
  const frontal = liveClip.faces.filter((f): f is ScoredFace & { eyes: NonNullable<ScoredFace['eyes']> } => f?.eyes != null && Math.abs(f.yawDeg) <= maxYawDeg)
  const r = pearson(
    frontal.map((f) => f.eyes.aspectRatio),
    frontal.map((f) => f.eyes.closed)
  )
  const closedFrames = frontal.filter((f) => f.eyes.closed >= eyeCut.closedAtOrAbove)
  const openFrames = frontal.filter((f) => f.eyes.closed < eyeCut.openBelow)
  const meanEar = (fs: typeof frontal) => (fs.length ? fs.reduce((s, f) => s + f.eyes.aspectRatio, 0) / fs.length : NaN)
  console.log(
    `  live clip, ${frontal.length} frames with |yaw| <= ${maxYawDeg} deg: Pearson r(eye aspect ratio, p(class 0)) = ${r.toFixed(2)}; ` +
      `frames with p(class 0) >= ${eyeCut.closedAtOrAbove}: ${closedFrames.length}, mean EAR ${meanEar(closedFrames).toFixed(3)}; ` +
      `frames with p(class 0) < ${eyeCut.openBelow}: ${openFrames.length}, mean EAR ${meanEar(openFrames).toFixed(3)}`
  )
  console.log('  => class 0 = eye closed (low on open-eyed photos, high when the eye aspect ratio drops in a blink)')
}

async function main(): Promise<void> {
  requireDir(SPOOF_DEV, 'spoof-dev set')
  if (!ffmpegAvailable) {
    console.error('ffmpeg not found: install it (sudo apt-get install ffmpeg) to decode the webm clips')
    process.exit(2)
  }
  const rates = argValue('--fps')?.split(',').map(Number)
  const frameRates = { lfwPeople: Number(argValue('--lfw-people') ?? 50), handheldPhotos: Number(argValue('--handheld') ?? 56), ...(rates ? { rates } : {}) }
  if (hasFlag('--frame-rates-only')) return runFrameRateSection(frameRates)
  const lfwCount = Number(argValue('--lfw') ?? DEFAULT_LFW)
  const { internals } = createFaceEngineWithInternals({})
  const { manifest } = internals
  const livenessSpec = modelFor(manifest, manifest.defaults.liveness, 'liveness')
  const eyeSpec = modelFor(manifest, manifest.defaults.eye, 'eye')
  const op: PassiveOperatingPoint = livenessSpec.operatingPoint
  console.log(`bench:liveness: model ${livenessSpec.id}, manifest channel order ${livenessSpec.input.channelOrder}, crop ${livenessSpec.boxScale}x box`)
  console.log(
    `operating point: window ${op.windowMs} ms, >= ${op.minFrames} frames with context (liveness crop >= ${op.minContextScale}x the face box, face not at the frame edge), ` +
      `mean clamped (|x| <= ${op.logitClamp}) log-odds: live at >= ${op.passAtLogit} (p >= ${sigmoid(op.passAtLogit).toFixed(4)}), ` +
      `spoof below ${op.failBelowLogit} (p < ${sigmoid(op.failBelowLogit).toFixed(4)}), unsure between`
  )

  const started = performance.now()
  const clips: SampleSet[] = []
  for (const fps of CLIP_FPS) {
    clips.push(await scoreClip(internals, `live clip @${fps} fps`, true, LIVE_CLIP, fps))
    clips.push(await scoreClip(internals, `replay clip @${fps} fps`, false, SPOOF_CLIP, fps))
  }
  const crops: SampleSet[] = [
    await scoreFiles(internals, 'apfol live crops', true, 'crops', imageFiles(join(APFOL, 'live'))),
    await scoreFiles(internals, 'apfol spoof crops', false, 'crops', imageFiles(join(APFOL, 'spoof'))),
    await scoreFiles(internals, 'trickyf0x live crops', true, 'crops', imageFiles(join(SPOOF_DEV, 'trickyf0x_twofactor/live'))),
    await scoreFiles(internals, 'trickyf0x spoof crops', false, 'crops', imageFiles(join(SPOOF_DEV, 'trickyf0x_twofactor/spoof'))),
    await scoreFiles(internals, 'silent_face live', true, 'photos', imageFiles(join(SPOOF_DEV, 'silent_face/live'))),
    await scoreFiles(internals, 'silent_face spoof', false, 'photos', [
      ...imageFiles(join(SPOOF_DEV, 'silent_face/spoof/print')),
      ...imageFiles(join(SPOOF_DEV, 'silent_face/spoof/replay'))
    ])
  ]
  const lfw = await scoreFiles(internals, `LFW-dev (${lfwCount} photos)`, true, 'photos', lfwSample(requireDir(join(FACES_DIR, 'lfw-dev/images'), 'lfw-dev'), lfwCount), true)
  console.log(`scored ${[...clips, ...crops, lfw].reduce((n, s) => n + s.faces.length, 0)} samples in ${((performance.now() - started) / 1000).toFixed(0)} s`)

  console.log('\n== 1. Colour order: AUC of p(live), live vs spoof (1 = perfect, 0.5 = chance) ==')
  for (const fps of CLIP_FPS) {
    const pair = clips.filter((c) => c.name.endsWith(`@${fps} fps`))
    console.log(aucLine(`webm clips @${fps} fps, live vs replay`, pair.filter((c) => c.live), pair.filter((c) => !c.live)))
  }
  console.log(aucLine('LFW-dev photos vs replay clip @8 fps', [lfw], clips.filter((c) => !c.live && c.name.endsWith('@8 fps'))))
  console.log(aucLine('apfol crops, live vs spoof', [crops[0]!], [crops[1]!]))
  console.log(aucLine('trickyf0x crops, live vs spoof', [crops[2]!], [crops[3]!]))
  for (const order of CHANNEL_ORDERS) {
    console.log(`\n  per frame at the operating point, ${order} input:`)
    for (const set of [...clips, lfw]) console.log(frameLine(set, order, op))
  }

  console.log(`\n== 2. Operating point (${livenessSpec.input.channelOrder} input, as in the manifest) ==`)
  const order = livenessSpec.input.channelOrder as ChannelOrder
  console.log('  per frame:')
  for (const set of [...clips, ...crops, lfw]) console.log(frameLine(set, order, op))
  console.log(`  per window (the decision: every frame of the clip once ${op.minFrames} frames are in the window):`)
  for (const set of clips) console.log(windowLine(set, order, op))

  eyeSection(lfw, clips.find((c) => c.live && c.name.endsWith('@8 fps'))!, eyeSpec, DEFAULT_ACCESS_CONFIG.liveness.challenge.eyesMaxYawDeg)

  if (!hasFlag('--no-loop')) {
    await runLoopSection({ liveClip: LIVE_CLIP, spoofClip: SPOOF_CLIP, liveCropsDir: join(APFOL, 'live') })
    await runFrameRateSection(frameRates)
  }
  await internals.pipeline.releaseSessions()
}

await main()
