import { l2Normalize } from '../../src/main/engine/distance'
import { Gallery } from '../../src/main/engine/gallery'
import { seededRandom } from '../../tests/support/random'
import { importAtRevision } from './baseline-module'
import { streamProbe, streamRate } from './stream-read'
import { fmt, summarize } from './timing'

const DIM = 512
const WARMUP = 10
const ITERATIONS = 50
/** Noise added to a stored unit vector for the resident probe: distance about 0.9 after normalising. */
const GENUINE_NOISE = 1.35
/** int8 bytes per stored row in the first pass. */
const ROW_BYTES = DIM

type Identify = Pick<Gallery, 'add' | 'identify'>
interface Variant {
  label: string
  gallery: Identify
}

/**
 * Gallery.identify over many stored embeddings, 10 residents' photos each: random unit vectors
 * (seeded mulberry32). Two probes: a stranger (another random vector, nearest resident at the tail
 * of the distance distribution: the most rows left to check exactly) and an enrolled resident's
 * photo with noise (distance about 0.9, as a genuine camera frame). With `baselineRev`, the Gallery
 * of that git revision runs in the same process on the same rows, calls interleaved, and must give
 * the same answer. Then one thread's streaming read of as many bytes as the int8 pass reads.
 * Returns this tree's CPU median by row count (the slower of the two probes).
 */
export async function benchGallery(sizes: number[], baselineRev?: string): Promise<Record<number, number>> {
  const ours: Record<number, number> = {}
  const Baseline = baselineRev ? (await importAtRevision<{ Gallery: new () => Identify }>(baselineRev, 'src/main/engine/gallery.ts')).Gallery : undefined
  const probe = streamProbe(Math.max(...sizes) * ROW_BYTES)
  for (const rows of sizes) {
    const variants: Variant[] = [{ label: 'this tree', gallery: new Gallery() }]
    if (Baseline) variants.push({ label: `baseline ${baselineRev}`, gallery: new Baseline() })
    const residents = rows / 10
    const random = seededRandom(rows)
    const rand = () => random() - 0.5
    let stored: Float32Array = new Float32Array(DIM)
    for (let i = 0; i < rows; i++) {
      stored = l2Normalize(Array.from({ length: DIM }, rand))
      for (const v of variants) v.gallery.add(`r${i % residents}`, stored)
    }
    const stranger = l2Normalize(Array.from({ length: DIM }, rand))
    const noise = l2Normalize(Array.from({ length: DIM }, rand))
    const resident = l2Normalize(Array.from(stored, (v, i) => v + GENUINE_NOISE * noise[i]))
    for (const [kind, probeVector] of [['stranger', stranger], ['resident', resident]] as const) {
      const wall = variants.map(() => [] as number[])
      const cpu = variants.map(() => [] as number[])
      const answers = new Set<string>()
      for (let i = 0; i < WARMUP + ITERATIONS; i++) {
        variants.forEach((v, k) => {
          const c0 = process.cpuUsage()
          const t0 = performance.now()
          const result = v.gallery.identify(probeVector, 1)
          const ms = performance.now() - t0
          const c = process.cpuUsage(c0)
          answers.add(`${result.nearestId} ${result.distance.toFixed(9)} ${result.secondId} ${result.secondDistance.toFixed(9)}`)
          if (i < WARMUP) return
          wall[k].push(ms)
          cpu[k].push((c.user + c.system) / 1000)
        })
      }
      const agree = variants.length > 1 ? (answers.size === 1 ? ', same answer' : `, ANSWERS DIFFER: ${[...answers].join(' | ')}`) : ''
      console.log(`gallery.identify over ${rows} embeddings (${residents} residents, ${DIM}-d), ${kind} probe (${[...answers][0].split(' ').slice(0, 2).join(' at ')}${agree}):`)
      ours[rows] = Math.max(ours[rows] ?? 0, summarize(cpu[0]).median)
      variants.forEach((v, k) => {
        const t = summarize(wall[k])
        console.log(`  ${v.label.padEnd(22)} median ${fmt(t.median)} ms, p95 ${fmt(t.p95)} ms, cpu median ${fmt(summarize(cpu[k]).median)} ms`)
      })
    }
    if (probe) {
      const { ms, gbps } = streamRate(probe, rows * ROW_BYTES, 20)
      console.log(`  memory: one thread streams the int8 rows' ${((rows * ROW_BYTES) / 1e6).toFixed(1)} MB in ${fmt(ms)} ms median (${gbps.toFixed(1)} GB/s, v128 loads)`)
    }
  }
  return ours
}
