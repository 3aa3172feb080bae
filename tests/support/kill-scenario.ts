import { spawn, type ChildProcess } from 'node:child_process'
import { access, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { openStore } from '../../src/main/store'
import { solidJpeg } from './store-fixtures'

const CHILD_SCRIPT = fileURLToPath(new URL('./kill-child.ts', import.meta.url))
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const MODEL_ID = 'kill-test-model'

export interface KillScenarioOptions {
  dataDir: string
  iterations: number
  /** Longest wait after the child is READY before the kill. */
  maxDelayAfterReadyMs?: number
  /** Share of kills aimed at the child's store opening (recovery, backup refresh, purge) instead. */
  startupKillShare?: number
  /** Children loading their modules in advance (tsx start-up is the slow part). */
  warmChildren?: number
  onIteration?: (report: IterationReport) => void
}

export interface IterationReport {
  iteration: number
  acked: number
  killedDuringOpen: boolean
  /** An operation had begun but was not acknowledged: the kill hit it in flight. */
  killedMidOperation: boolean
  /** A temp file was left: the kill hit inside the file write itself. */
  tempFileLeft: boolean
  openMs: number | null
  verifyMs: number
}

export interface KillScenarioResult {
  iterations: number
  ackedOperations: number
  killsDuringOpen: number
  killsMidOperation: number
  killsWithTempFile: number
  residentsAtEnd: number
  failures: string[]
  /** Child: from GO to store open. */
  openMs: number[]
  /** Parent: open, check and close after each kill. */
  verifyMs: number[]
  /** Child: from BEGIN to ACK of each acknowledged write (the write's durable latency, as the parent saw it). */
  writeMs: number[]
}

interface Expected {
  name: string
  photos: Set<string>
}

interface ChildRun {
  acks: string[][]
  writeMs: number[]
  pending: string[] | null
  killedDuringOpen: boolean
  openMs: number | null
}

/** A spawned child that has loaded (or is loading) its modules and waits for GO. */
interface WarmChild {
  process: ChildProcess
  loaded: Promise<void>
  lines: string[]
  onLine: ((words: string[]) => void) | null
  stderr: string
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Spawns ONE node process (tsx as a loader, not the tsx CLI, which would fork a grandchild). */
function spawnChild(dataDir: string, thumbPath: string): WarmChild {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, dataDir, thumbPath, MODEL_ID], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe']
  })
  const warm: WarmChild = {
    process: child,
    loaded: Promise.resolve(),
    lines: [],
    onLine: null,
    stderr: '',
    closed: new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })))
  }
  warm.loaded = new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'LOADED') resolve()
      else warm.onLine?.(line.split(' '))
    })
    child.on('error', reject)
    void warm.closed.then(() => reject(new Error(`kill child ended while loading: ${warm.stderr.slice(0, 2000)}`)))
  })
  child.stderr!.on('data', (chunk: Buffer) => {
    warm.stderr += chunk.toString()
  })
  return warm
}

async function runChildUntilKilled(child: WarmChild, killAt: { duringOpenMs: number | null; afterReadyMs: number }): Promise<ChildRun> {
  await child.loaded
  const run: ChildRun = { acks: [], writeMs: [], pending: null, killedDuringOpen: false, openMs: null }
  let begunAt = 0
  const started = Date.now()
  const kill = (): void => {
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL')
  }
  child.onLine = (words) => {
    if (words[0] === 'READY') {
      run.openMs = Date.now() - started
      if (killAt.duringOpenMs === null) setTimeout(kill, killAt.afterReadyMs)
    } else if (words[0] === 'BEGIN') {
      run.pending = words.slice(1)
      begunAt = Date.now()
    } else if (words[0] === 'ACK') {
      run.acks.push(words.slice(1))
      run.writeMs.push(Date.now() - begunAt)
      run.pending = null
    }
  }
  if (killAt.duringOpenMs !== null) {
    setTimeout(() => {
      if (run.openMs === null) run.killedDuringOpen = true
      kill()
    }, killAt.duringOpenMs)
  }
  child.process.stdin!.write('GO\n')
  const { code, signal } = await child.closed
  if (signal !== 'SIGKILL') throw new Error(`kill child exited by itself (code ${code}): ${child.stderr.slice(0, 2000)}`)
  return run
}

function applyAcks(expected: Map<string, Expected>, deleted: Set<string>, acks: string[][]): void {
  for (const [op, id, a, b] of acks) {
    if (op === 'create') expected.set(id, { name: a, photos: new Set([b]) })
    else if (op === 'photo') expected.get(id)?.photos.add(a)
    else if (op === 'rename') {
      const r = expected.get(id)
      if (r) r.name = a
    } else if (op === 'delete') {
      expected.delete(id)
      deleted.add(id)
    }
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false
  )
}

/** Opens the store after a kill and checks every acknowledged change; returns what is on disk. */
async function verifyAfterKill(
  dataDir: string,
  expected: Map<string, Expected>,
  deleted: Set<string>,
  pending: string[] | null,
  firstRun: boolean,
  fail: (what: string) => void
): Promise<number> {
  const store = await openStore(dataDir, { activeModelId: MODEL_ID })
  try {
    const [pendingOp, pendingId] = pending ?? []
    for (const notice of store.notices) {
      if (notice.kind !== 'created' || !firstRun) fail(`unexpected notice ${notice.kind}: ${notice.message}`)
    }
    const onDisk = new Map(store.residents.list().map((r) => [r.id, r]))
    for (const [id, want] of expected) {
      const got = onDisk.get(id)
      if (!got) {
        if (!(pendingOp === 'delete' && pendingId === id)) fail(`acknowledged resident ${want.name} is missing`)
        continue
      }
      if (got.name !== want.name && !(pendingOp === 'rename' && pendingId === id)) fail(`resident ${id} is named ${got.name}, acknowledged ${want.name}`)
      const photoIds = new Set(got.photos.map((p) => p.id))
      for (const p of want.photos) if (!photoIds.has(p)) fail(`acknowledged photo ${p} of ${want.name} is missing`)
    }
    for (const id of deleted) if (onDisk.has(id)) fail(`acknowledged deletion of ${id} was undone`)
    // An unacknowledged in-flight change may or may not have landed: go on from what is on disk.
    expected.clear()
    for (const r of onDisk.values()) expected.set(r.id, { name: r.name, photos: new Set(r.photos.map((p) => p.id)) })
    return onDisk.size
  } finally {
    await store.close()
  }
}

/**
 * Kills a child that writes to the store at random moments, `iterations` times; after each kill the
 * database must open without any recovery and hold every acknowledged change.
 */
export async function runKillScenario(opts: KillScenarioOptions): Promise<KillScenarioResult> {
  const maxDelay = opts.maxDelayAfterReadyMs ?? 300
  const openShare = opts.startupKillShare ?? 0.15
  const warmCount = Math.max(1, opts.warmChildren ?? 2)
  const thumbPath = join(opts.dataDir, '..', `kill-thumb-${process.pid}.jpg`)
  await writeFile(thumbPath, await solidJpeg(80))
  const expected = new Map<string, Expected>()
  const deleted = new Set<string>()
  const result: KillScenarioResult = {
    iterations: 0,
    ackedOperations: 0,
    killsDuringOpen: 0,
    killsMidOperation: 0,
    killsWithTempFile: 0,
    residentsAtEnd: 0,
    failures: [],
    openMs: [],
    verifyMs: [],
    writeMs: []
  }
  let typicalOpenMs = 50
  const warm: WarmChild[] = []
  const topUp = (remaining: number): void => {
    while (warm.length < Math.min(warmCount, remaining)) warm.push(spawnChild(opts.dataDir, thumbPath))
  }

  try {
    for (let i = 0; i < opts.iterations; i++) {
      topUp(opts.iterations - i)
      const child = warm.shift()!
      topUp(opts.iterations - i - 1)
      const aimAtOpen = i > 0 && Math.random() < openShare
      const run = await runChildUntilKilled(child, {
        duringOpenMs: aimAtOpen ? Math.random() * typicalOpenMs : null,
        afterReadyMs: Math.random() * maxDelay
      })
      if (run.openMs !== null) {
        typicalOpenMs = run.openMs
        result.openMs.push(run.openMs)
      }
      result.writeMs.push(...run.writeMs)
      const tempFileLeft = await exists(join(opts.dataDir, '.happy-house.json.tmp'))
      applyAcks(expected, deleted, run.acks)

      const verifyStart = Date.now()
      result.residentsAtEnd = await verifyAfterKill(opts.dataDir, expected, deleted, run.pending, i === 0, (what) =>
        result.failures.push(`iteration ${i}: ${what}`)
      )
      const verifyMs = Date.now() - verifyStart

      result.iterations++
      result.ackedOperations += run.acks.length
      if (run.killedDuringOpen) result.killsDuringOpen++
      if (run.pending) result.killsMidOperation++
      if (tempFileLeft) result.killsWithTempFile++
      result.verifyMs.push(verifyMs)
      opts.onIteration?.({
        iteration: i,
        acked: run.acks.length,
        killedDuringOpen: run.killedDuringOpen,
        killedMidOperation: run.pending !== null,
        tempFileLeft,
        openMs: run.openMs,
        verifyMs
      })
    }
  } finally {
    for (const child of warm) child.process.kill('SIGKILL')
  }
  return result
}
