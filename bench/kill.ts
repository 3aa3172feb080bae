/**
 * SIGKILL-during-writes benchmark: a child enrolling residents in a loop is killed N times at
 * random moments; after each kill the database must load without recovery and hold every
 * acknowledged write. Prints failures and timing figures.
 *
 *   npm run bench:kill -- [--iterations N] [--max-delay MS] [--keep]
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { runKillScenario } from '../tests/support/kill-scenario'

const DEFAULT_ITERATIONS = 200
const PROGRESS_EVERY = 20

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: String(DEFAULT_ITERATIONS) },
    'max-delay': { type: 'string', default: '300' },
    keep: { type: 'boolean', default: false }
  }
})
const iterations = Number.parseInt(values.iterations!, 10)
const maxDelay = Number.parseInt(values['max-delay']!, 10)
if (!Number.isInteger(iterations) || iterations < 1 || !Number.isInteger(maxDelay) || maxDelay < 0) {
  console.error('Usage: npm run bench:kill -- [--iterations N>=1] [--max-delay MS>=0] [--keep]')
  process.exit(2)
}

const root = await mkdtemp(join(tmpdir(), 'hh-bench-kill-'))
const started = Date.now()
console.log(`bench:kill: ${iterations} SIGKILLs, random delay 0..${maxDelay} ms after the store is open (15% aimed at the open itself)`)
try {
  const result = await runKillScenario({
    dataDir: join(root, 'data'),
    iterations,
    maxDelayAfterReadyMs: maxDelay,
    onIteration: (r) => {
      if ((r.iteration + 1) % PROGRESS_EVERY === 0) console.log(`  ${r.iteration + 1}/${iterations} kills`)
    }
  })
  const seconds = (Date.now() - started) / 1000
  console.log('')
  const rows: [string, string | number][] = [
    ['kills', result.iterations],
    ['acknowledged writes', result.ackedOperations],
    ['kills with an operation in flight', result.killsMidOperation],
    ['kills inside the file write (temp file left)', result.killsWithTempFile],
    ['kills while opening the store', result.killsDuringOpen],
    ['residents in the database at the end', result.residentsAtEnd],
    ['acknowledged write ms p50 / p95 (fsync included)', `${percentile(result.writeMs, 50)} / ${percentile(result.writeMs, 95)}`],
    ['child store open ms p50 / p95', `${percentile(result.openMs, 50)} / ${percentile(result.openMs, 95)}`],
    ['parent open+verify ms p50 / p95', `${percentile(result.verifyMs, 50)} / ${percentile(result.verifyMs, 95)}`],
    ['wall time s', seconds.toFixed(1)],
    ['FAILURES', result.failures.length]
  ]
  for (const [label, value] of rows) console.log(`${label.padEnd(50)} ${value}`)
  for (const f of result.failures.slice(0, 20)) console.log(`  ${f}`)
  process.exitCode = result.failures.length === 0 ? 0 : 1
} finally {
  if (values.keep) console.log(`data kept in ${root}`)
  else await rm(root, { recursive: true, force: true })
}
