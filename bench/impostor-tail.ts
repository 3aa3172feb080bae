/**
 * Impostor tail of the embedding model on LFW-dev: the L2 distance below which a fraction f of
 * cross-person comparisons fall (per-comparison FAR f), from every cross-person pair of every
 * LFW-dev photo (~14 M comparisons), plus genuine accept (all same-person pairs) at each point.
 *
 *   npm run bench:tail [-- --write] [-- --lfw DIR]
 *
 * The access decision turns a preset's false-open rate per stranger attempt into a threshold for
 * the current gallery size from this table (src/main/access/thresholds.ts). Rows are measured
 * while at least MIN_PAIRS comparisons lie below them; lower rows are extrapolated with the line
 * through the last two measured rows in (distance, log10 f): the tail of a sum of many small
 * similarity terms falls faster than exponential, so the straight line gives a stricter (lower)
 * distance than the data would, i.e. it errs towards fewer false opens. --write stores the table
 * in models/manifest.json (thresholds.tail of the default embedding model).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createFaceEngineWithInternals } from '../src/main/engine/engine'
import { cpuIdentity } from './lib/cpu'
import { embedFilesCached } from './lib/embed-set'
import { lfwPeople } from './lib/lfw-people'
import { argValue, FACES_DIR, hasFlag, MANIFEST_PATH, requireDir } from './lib/paths'
import { MIN_PAIRS, shareBelow, TEMPLATE_PHOTOS, tailTable, templateComparisons, unitDistance as dist } from './lib/tail-table'
import { DEFAULT_ACCESS_CONFIG, SENSITIVITY_PRESETS } from '../src/main/access/config'
import { thresholdInForce } from '../src/main/access/thresholds'

const DECIMALS = 4
/** Gallery sizes (residents, one template each) of the ceiling table, as in bench:openset. */
const CEILING_SIZES = [5, 20, 50, 100, 200, 400]
const round = (x: number) => Number(x.toFixed(DECIMALS))

async function main(): Promise<void> {
  const lfwDir = requireDir(argValue('--lfw') ?? join(FACES_DIR, 'lfw-dev'), 'LFW-dev')
  console.log(cpuIdentity())
  const { engine, internals } = createFaceEngineWithInternals()
  const spec = internals.pipeline.models.embedding
  const people = lfwPeople(lfwDir)
  const paths = people.flatMap((p) => p.photos)
  const t0 = performance.now()
  const cache = await embedFilesCached(internals, paths, true, (done, total) => {
    if (done % 500 === 0 || done === total) process.stdout.write(`  embedded ${done}/${total}\r`)
  })
  console.log(`\nembedded ${paths.length} photos of ${people.length} people in ${((performance.now() - t0) / 1000).toFixed(0)} s (still-image mode, ${spec.flipTta ? 'flip TTA' : 'plain'})`)
  const pick = (p: string) => {
    const e = cache.get(p)
    return e ? (spec.flipTta ? e.flipTta : e.plain) : null
  }
  const rows = people.map((p) => p.photos.map(pick).filter((e): e is Float32Array => e !== null))
  const missing = paths.length - rows.reduce((n, r) => n + r.length, 0)
  const flat = rows.flatMap((r, person) => r.map((e) => ({ e, person })))
  const impostor = new Float32Array((flat.length * (flat.length - 1)) / 2)
  const genuine: number[] = []
  let k = 0
  for (let i = 0; i < flat.length; i++) {
    for (let j = i + 1; j < flat.length; j++) {
      const d = dist(flat[i].e, flat[j].e)
      if (flat[i].person === flat[j].person) genuine.push(d)
      else impostor[k++] = d
    }
  }
  const sorted = impostor.subarray(0, k).sort()
  genuine.sort((a, b) => a - b)
  const genuineAccept = (t: number) => genuine.filter((d) => d < t).length / genuine.length
  console.log(`${k} cross-person comparisons, ${genuine.length} same-person pairs, ${missing} photos without a face (left out)`)

  const table = tailTable(sorted)
  console.log('\nper-comparison FAR   distance   genuine accept (same-person LFW-dev pairs)')
  for (const r of table) {
    console.log(`  ${r.far.toExponential(1).padEnd(18)} ${r.distance.toFixed(4)}     ${(100 * genuineAccept(r.distance)).toFixed(2)} %${r.extrapolated ? '   (extrapolated)' : ''}`)
  }
  // The door compares residents' templates: their own tail (what the threshold in force reads).
  const kind = spec.flipTta ? 'flipTta' : 'plain'
  const otherKind = spec.flipTta ? 'plain' : 'flipTta'
  const rowsOf = (k: typeof kind) => people.map((p) => p.photos.flatMap((x) => cache.get(x)?.[k] ?? []))
  const templates = templateComparisons(rows)
  const templateTable = tailTable(templates.impostor)
  const other = templateComparisons(rowsOf(otherKind))
  const otherTable = tailTable(other.impostor)
  const templated = rows.filter((r) => r.length >= TEMPLATE_PHOTOS).length
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`
  console.log(`\ntemplates (mean of the first ${TEMPLATE_PHOTOS} photos of the ${templated} people with ${TEMPLATE_PHOTOS}+) against every photo of everyone else: ${templates.impostor.length} comparisons; genuine: against their own other photos (${templates.genuine.length})`)
  console.log(`per-comparison FAR   distance   genuine accept   | ${otherKind} embeddings (not in use): distance, genuine accept`)
  templateTable.forEach((r, i) => {
    const o = otherTable[i]
    console.log(`  ${r.far.toExponential(1).padEnd(18)} ${r.distance.toFixed(4)}     ${pct(shareBelow(templates.genuine, r.distance)).padEnd(16)} | ${o.distance.toFixed(4)}  ${pct(shareBelow(other.genuine, o.distance))}${r.extrapolated ? '   (extrapolated)' : ''}`)
  })
  // What fusion over a track can at best recover: a probe as good as a still photo, at the threshold in force.
  console.log('\nceiling of genuine accept at the threshold in force (template against a still photo of the same person), per preset and residents:')
  console.log(`  preset            ${CEILING_SIZES.map((g) => `${g} res.`.padStart(9)).join('')}`)
  const measured = { ...engine.thresholds, templateTail: templateTable.map(({ far, distance }) => ({ far, distance })) }
  for (const preset of SENSITIVITY_PRESETS) {
    const cells = CEILING_SIZES.map((g) => pct(shareBelow(templates.genuine, thresholdInForce(DEFAULT_ACCESS_CONFIG, measured, g, preset).threshold)).padStart(9))
    console.log(`  ${preset.padEnd(17)} ${cells.join('')}`)
  }
  if (hasFlag('--write')) {
    const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8'))
    const date = new Date().toISOString().slice(0, 10)
    manifest.models[spec.id].thresholds.tail = {
      comparisons: k,
      rows: table.map((r) => ({ far: Number(r.far.toPrecision(3)), distance: round(r.distance), ...(r.extrapolated ? { extrapolated: true } : {}) })),
      calibration: `npm run bench:tail -- --write on lfw-dev, ${date}: every cross-person pair of ${flat.length} photos (${k} comparisons, still-image mode); rows with fewer than ${MIN_PAIRS} comparisons below them are extrapolated along the line through the last two measured rows in (distance, log10 FAR), which errs towards lower (stricter) distances`
    }
    manifest.models[spec.id].thresholds.templateTail = {
      comparisons: templates.impostor.length,
      rows: templateTable.map((r) => ({ far: Number(r.far.toPrecision(3)), distance: round(r.distance), ...(r.extrapolated ? { extrapolated: true } : {}) })),
      calibration: `npm run bench:tail -- --write on lfw-dev, ${date}: the template (unit mean of the first ${TEMPLATE_PHOTOS} photos) of each of the ${templated} people with ${TEMPLATE_PHOTOS}+ photos against every photo of every other person (${templates.impostor.length} comparisons, still-image mode); extrapolated as the photo tail`
    }
    writeFileSync(MANIFEST_PATH, `${JSON.stringify(manifest, null, 2)}\n`)
    console.log(`\nwrote thresholds.tail and thresholds.templateTail of ${spec.id} into ${MANIFEST_PATH}`)
  } else console.log('(pass --write to store the table in models/manifest.json)')
  await engine.dispose()
}

await main()
