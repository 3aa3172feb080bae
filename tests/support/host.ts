import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { REPO_ROOT } from './faces'

export interface RunningHost {
  /** A fresh one-time launch address (read from the host's 0600 launch file): one per page opened. */
  readonly url: string
  origin: string
  dataDir: string
  /** The first-run setup code the host printed (read from its 0600 file, as the operator would). */
  setupCode(): string
  output: () => string
  stop(): Promise<void>
}

/** The current one-time launch address; waits (briefly) for the host to write the next one after a use. */
function readLaunchUrl(file: string): string {
  const url = readFileSync(file, 'utf8').trim()
  if (readLaunchUrl.used.has(url)) {
    const until = Date.now() + 2000
    while (Date.now() < until) {
      const next = readFileSync(file, 'utf8').trim()
      if (!readLaunchUrl.used.has(next)) return readLaunchUrl.mark(next)
    }
    throw new Error('the host did not write a new launch address')
  }
  return readLaunchUrl.mark(url)
}
readLaunchUrl.used = new Set<string>()
readLaunchUrl.mark = (url: string): string => (readLaunchUrl.used.add(url), url)

/**
 * Starts the kiosk exactly as a user would (`npm start`, i.e. scripts/start.mjs) on a fresh data
 * directory, without opening a browser, and waits for the address it prints.
 */
export async function startHost(extraArgs: string[] = []): Promise<RunningHost> {
  const dataDir = await mkdtemp(join(tmpdir(), 'happy-house-e2e-'))
  const child: ChildProcess = spawn(
    process.execPath,
    [join(REPO_ROOT, 'scripts/start.mjs'), '--browser', '--no-open', '--port', '0', '--data', dataDir, ...extraArgs],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let log = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start in time:\n${log}`)), 60_000)
    const onData = (chunk: Buffer): void => {
      log += chunk.toString()
      const match = /HAPPY_HOUSE_URL=(\S+)/.exec(log)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (c: Buffer) => (log += c.toString()))
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`host exited with ${code}:\n${log}`))
    })
  })
  const parsed = new URL(url)
  const launchFile = /HAPPY_HOUSE_LAUNCH_FILE=(.+)\n/.exec(log)![1]!
  return {
    // Each use consumes the code; the host writes the next one at once.
    get url() {
      return readLaunchUrl(launchFile)
    },
    origin: parsed.origin,
    dataDir,
    setupCode: () => readFileSync(join(dataDir, 'setup-code'), 'utf8').trim(),
    output: () => log,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      await rm(dataDir, { recursive: true, force: true })
    }
  }
}
