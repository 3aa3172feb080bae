import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../scripts/supervisor/host-process.mjs'
import { openEncryptedStore } from '../../src/main/security'
import { tempDataDir } from '../support/store-fixtures'

// The browser-host kiosk under scripts/supervisor.mjs, as systemd runs it (but --no-open, a temp
// data dir, a free port): killed with SIGKILL 20 times and frozen with SIGSTOP 5 times, it must
// serve /healthz again within 10 s each time and keep what was written before.

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const HOST_SCRIPT = `${ROOT}out/main/host.js`
const KILLS = 20
const FREEZES = 5
const BACK_WITHIN_MS = 10_000
const POLL_MS = 100
const PROBE_TIMEOUT_MS = 1000
// Fast checks so a frozen host is found in seconds; still lenient enough that a busy host answers.
const SUPERVISOR_ARGS = ['--no-open', '--check-every', '500', '--check-timeout', '1500', '--failed-checks', '2', '--backoff-first', '100', '--stop-timeout', '15000']
const MODEL = 'supervisor-test'

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', timeout: PROBE_TIMEOUT_MS, agent: false }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode === 200))
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(false))
    req.end()
  })
}

/** The pid of the host the supervisor last reported healthy, from its log lines. */
class HostWatch {
  latest: number | null = null
  lines: string[] = []
  constructor(child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      this.lines.push(line)
      const m = /msg="host healthy" pid=(\d+)/.exec(line)
      if (m) this.latest = Number(m[1])
    })
    createInterface({ input: child.stderr! }).on('line', (line) => this.lines.push(line))
  }
}

/** Waits until /healthz answers and the supervisor reports a host other than `previous` healthy. */
async function servingAgain(port: number, watch: HostWatch, previous: number | null, limitMs: number): Promise<{ ms: number; pid: number }> {
  const start = Date.now()
  while (Date.now() - start < limitMs) {
    if (watch.latest !== null && watch.latest !== previous && (await healthy(port))) return { ms: Date.now() - start, pid: watch.latest }
    await new Promise((r) => setTimeout(r, POLL_MS))
  }
  throw new Error(`not serving again within ${limitMs} ms; supervisor log:\n${watch.lines.slice(-30).join('\n')}`)
}

describe('supervisor', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>
  let supervisor: ChildProcess | null = null

  beforeAll(() => {
    // The host must be built from sources that answer /healthz (npm test builds before Vitest).
    if (!readFileSafe(HOST_SCRIPT).includes('/healthz')) {
      const r = spawnSync(process.execPath, [`${ROOT}node_modules/electron-vite/bin/electron-vite.js`, 'build'], { cwd: ROOT, stdio: 'inherit' })
      expect(r.status).toBe(0)
    }
  }, 300_000)

  afterAll(async () => {
    if (supervisor && supervisor.exitCode === null) supervisor.kill('SIGKILL')
    await data?.cleanup()
  })

  it(`brings the kiosk back within ${BACK_WITHIN_MS / 1000} s after ${KILLS} SIGKILLs and ${FREEZES} SIGSTOPs, losing nothing`, async () => {
    data = await tempDataDir('hh-supervisor-')
    const before = await openEncryptedStore(data.dir, { activeModelId: MODEL })
    await before.residents.create({ name: 'Kian' })
    await before.settings.update({ language: 'vi' })
    await before.close()

    const port = await freePort()
    supervisor = spawn(process.execPath, [`${ROOT}scripts/supervisor.mjs`, '--data', data.dir, '--port', String(port), ...SUPERVISOR_ARGS], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NOTIFY_SOCKET: '' }
    })
    const watch = new HostWatch(supervisor)
    // The first start creates the database's derived files and loads the engine: more time.
    let { pid } = await servingAgain(port, watch, null, 60_000)

    const times: number[] = []
    for (let i = 0; i < KILLS + FREEZES; i++) {
      const freeze = i >= KILLS
      process.kill(pid, freeze ? 'SIGSTOP' : 'SIGKILL')
      const back = await servingAgain(port, watch, pid, BACK_WITHIN_MS)
      times.push(back.ms)
      pid = back.pid
    }
    const kills = times.slice(0, KILLS)
    const freezes = times.slice(KILLS)
    console.log(`back after SIGKILL: max ${Math.max(...kills)} ms, median ${kills.sort((a, b) => a - b)[KILLS >> 1]} ms; after SIGSTOP: max ${Math.max(...freezes)} ms`)

    const exited = new Promise<number | null>((r) => supervisor!.once('exit', (code) => r(code)))
    supervisor.kill('SIGTERM')
    expect(await exited).toBe(0)
    // Every host is gone (none left frozen): the store opens, so nobody holds its lock.
    const after = await openEncryptedStore(data.dir, { activeModelId: MODEL })
    try {
      expect(after.residents.list().map((r) => r.name)).toEqual(['Kian'])
      expect(after.settings.get().language).toBe('vi')
    } finally {
      await after.close()
    }
  }, 900_000)
})

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}
