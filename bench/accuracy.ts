/**
 * LFW-dev verification accuracy and threshold calibration.
 *
 *   npm run bench:accuracy [-- --write] [-- --frames] [-- --lfw DIR]
 *
 * The subject of each photo is the detected face nearest the image centre (LFW protocol).
 * 5-fold accuracy (threshold chosen on the other folds), TAR at FAR 1e-3/1e-2 over the pairs,
 * detection failures (counted as failed pairs), and thresholds at FAR 1e-2..1e-5 from all
 * cross-person pairs of one image per person (~2M impostor trials). Both the plain and the
 * flip-TTA embedding are scored; the manifest's `flipTta` switch picks the one that is
 * calibrated. --write stores the calibrated thresholds in models/manifest.json.
 * --frames detects as for camera frames (no always-on still-image padding).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createFaceEngineWithInternals } from '../src/main/engine/engine'
import { embedFiles, type ImageEmbeddings } from './lib/embed-set'
import { allPairDistances } from './lib/impostors'
import { foldCount, lfwImagePath, readLfwPairs } from '../src/main/engine/eval/lfw-pairs'
import { argValue, FACES_DIR, hasFlag, MANIFEST_PATH, requireDir } from './lib/paths'
import { bestThreshold, kFoldAccuracy, tarAt, thresholdAtFar, type ScoredPair } from '../src/main/engine/eval/stats'

const FAR_RATES = ['1e-2', '1e-3', '1e-4', '1e-5'] as const
const PAIR_FAR_RATES = ['1e-2', '1e-3'] as const
const DECIMALS = 4

const pct = (x: number) => `${(100 * x).toFixed(2)}%`
const fix = (x: number) => x.toFixed(DECIMALS)
const round = (x: number) => Number(x.toFixed(DECIMALS))

function distance(a: Float32Array, b: Float32Array): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2
  return Math.sqrt(s)
}

interface VariantReport {
  name: string
  kfold: ReturnType<typeof kFoldAccuracy>
  best: { threshold: number; accuracy: number }
  pairTar: Record<string, { threshold: number; tar: number }>
  farThresholds: Record<string, number>
  tarAtLargeFar: Record<string, number>
  impostorTrials: number
}

function evaluate(
  name: string,
  pick: (e: ImageEmbeddings) => Float32Array,
  pairs: ReturnType<typeof readLfwPairs>,
  cache: Map<string, ImageEmbeddings | null>,
  perPerson: string[]
): VariantReport {
  const scored: ScoredPair[] = pairs.map((p) => {
    const a = cache.get(p.a)
    const b = cache.get(p.b)
    return { fold: p.fold, same: p.same, distance: a && b ? distance(pick(a), pick(b)) : NaN }
  })
  const genuine = scored.filter((p) => p.same).map((p) => p.distance)
  // A failed impostor pair counts as a false accept (-Infinity is below every threshold).
  const impostor = scored.filter((p) => !p.same).map((p) => (Number.isNaN(p.distance) ? -Infinity : p.distance))
  const pairTar: VariantReport['pairTar'] = {}
  for (const rate of PAIR_FAR_RATES) {
    const threshold = thresholdAtFar(impostor, Number(rate))
    pairTar[rate] = { threshold, tar: tarAt(genuine, threshold) }
  }
  const people = perPerson.map((p) => cache.get(p)).filter((e): e is ImageEmbeddings => e != null).map(pick)
  const large = allPairDistances(people)
  const farThresholds: Record<string, number> = {}
  const tarAtLargeFar: Record<string, number> = {}
  for (const rate of FAR_RATES) {
    farThresholds[rate] = thresholdAtFar(large, Number(rate))
    tarAtLargeFar[rate] = tarAt(genuine, farThresholds[rate])
  }
  return {
    name,
    kfold: kFoldAccuracy(scored, foldCount(pairs)),
    best: bestThreshold(scored),
    pairTar,
    farThresholds,
    tarAtLargeFar,
    impostorTrials: large.length
  }
}

function printReport(r: VariantReport): void {
  console.log(`\n== ${r.name}`)
  console.log(`  k-fold accuracy   ${pct(r.kfold.mean)} ± ${pct(r.kfold.std)}   folds: ${r.kfold.foldAccuracies.map(pct).join(' ')}`)
  console.log(`  fold thresholds   ${r.kfold.foldThresholds.map(fix).join(' ')}`)
  console.log(`  best threshold    ${fix(r.best.threshold)} (accuracy ${pct(r.best.accuracy)} on all pairs)`)
  for (const [rate, v] of Object.entries(r.pairTar)) console.log(`  pairs  TAR@FAR ${rate}: ${pct(v.tar)}  (threshold ${fix(v.threshold)})`)
  console.log(`  large impostor set: ${r.impostorTrials} cross-person trials`)
  for (const rate of FAR_RATES) {
    console.log(`  FAR ${rate}: threshold ${fix(r.farThresholds[rate])}  TAR on the LFW genuine pairs ${pct(r.tarAtLargeFar[rate])}`)
  }
}

function writeThresholds(modelId: string, r: VariantReport, note: string): void {
  const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8'))
  manifest.models[modelId].thresholds = {
    accuracy: round(r.best.threshold),
    far: Object.fromEntries(FAR_RATES.map((rate) => [rate, round(r.farThresholds[rate])])),
    calibration: note
  }
  writeFileSync(MANIFEST_PATH, `${JSON.stringify(manifest, null, 2)}\n`)
  console.log(`\nwrote thresholds of ${modelId} into ${MANIFEST_PATH}`)
}

async function main(): Promise<void> {
  const lfwDir = requireDir(argValue('--lfw') ?? join(FACES_DIR, 'lfw-dev'), 'LFW-dev')
  const still = !hasFlag('--frames')
  const { engine, internals } = createFaceEngineWithInternals()
  const spec = internals.pipeline.models.embedding
  const pairs = readLfwPairs(lfwDir)
  const persons = readdirSync(join(lfwDir, 'images')).sort()
  const perPerson = persons.map((name) => lfwImagePath(lfwDir, name, 1))
  const paths = [...new Set([...pairs.flatMap((p) => [p.a, p.b]), ...perPerson])]
  console.log(`LFW-dev: ${pairs.length} pairs in ${foldCount(pairs)} folds, ${persons.length} people, ${paths.length} images to embed (${still ? 'still-image padding' : 'frame mode'})`)

  const t0 = performance.now()
  const cache = await embedFiles(internals, paths, still, (done, total) => {
    if (done % 1000 === 0 || done === total) process.stdout.write(`  embedded ${done}/${total}\r`)
  })
  const seconds = (performance.now() - t0) / 1000
  const failedImages = [...cache.values()].filter((e) => e === null).length
  const failedPairs = pairs.filter((p) => !cache.get(p.a) || !cache.get(p.b)).length
  console.log(`\nembedding: ${seconds.toFixed(1)} s for ${paths.length} images (${((1000 * seconds) / paths.length).toFixed(1)} ms/image incl. decode, detect, landmarks, 2 embeddings)`)
  console.log(`detection failures: ${failedImages} images, ${failedPairs} pairs (counted as failed)`)

  const plain = evaluate('plain embedding', (e) => e.plain, pairs, cache, perPerson)
  const tta = evaluate('flip TTA (crop + mirror, summed)', (e) => e.flipTta, pairs, cache, perPerson)
  printReport(plain)
  printReport(tta)

  const chosen = spec.flipTta ? tta : plain
  console.log(`\nmanifest ${spec.id}.flipTta = ${spec.flipTta}: calibrated thresholds (${chosen.name}):`)
  console.log(JSON.stringify({ accuracy: round(chosen.best.threshold), far: Object.fromEntries(FAR_RATES.map((r) => [r, round(chosen.farThresholds[r])])) }))
  if (hasFlag('--write')) {
    const date = new Date().toISOString().slice(0, 10)
    writeThresholds(
      spec.id,
      chosen,
      `npm run bench:accuracy -- --write on lfw-dev (${pairs.length} pairs, ${chosen.impostorTrials} impostor trials, ${chosen.name}, ${still ? 'still-image padding' : 'frame mode'}), ${date}: k-fold ${pct(chosen.kfold.mean)} ± ${pct(chosen.kfold.std)}`
    )
  } else {
    console.log('(pass --write to store them in models/manifest.json)')
  }
  await engine.dispose()
}

await main()
