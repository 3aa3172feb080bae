import { spawn } from 'node:child_process'
import type { CommandDriverConfig, CommandSpec } from '../config'
import { failure, success, truncateEnd } from '../outcome'
import { renderTemplate, templateValues } from '../template'
import type { DoorDriver, DriverContext, DriverOutcome, ProcessRecord } from '../types'

/** stderr kept while the program runs (the outcome keeps fewer, see config `recordChars`). */
const MAX_STDERR_CHARS = 64 * 1024
const TIMEOUT_SIGNAL = 'SIGKILL'

interface RunResult {
  /** Set when the program could not be started (ENOENT, EACCES...). */
  error: NodeJS.ErrnoException | null
  stderr: string
  exitCode: number | null
  signal: string | null
  timedOut: boolean
}

/**
 * Kills the program and anything it started: it runs as its own process group leader, so a
 * script's children (e.g. a `sleep`) cannot keep the pipes open past the timeout.
 */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    process.kill(-pid, TIMEOUT_SIGNAL)
  } catch {
    try {
      process.kill(pid, TIMEOUT_SIGNAL)
    } catch {
      /* already gone */
    }
  }
}

export class CommandDriver implements DoorDriver {
  readonly kind = 'command' as const
  private readonly running = new Set<number>()

  constructor(private readonly config: CommandDriverConfig) {}

  /** The operator's file refuses this configuration: every action fails with its reason. */
  private refused(): Promise<DriverOutcome> | null {
    return this.config.unavailable !== undefined ? Promise.resolve(failure('command', 'not-configured', this.config.unavailable, { attempts: 0 })) : null
  }

  open(ctx: DriverContext): Promise<DriverOutcome> {
    return this.refused() ?? this.execute(this.config.open!, ctx)
  }

  close(ctx: DriverContext): Promise<DriverOutcome> {
    const refused = this.refused()
    if (refused) return refused
    // Without a close command the relay/strike relocks by itself.
    return this.config.close ? this.execute(this.config.close, ctx) : Promise.resolve(success('command', { attempts: 0 }))
  }

  test(): Promise<DriverOutcome> {
    const refused = this.refused()
    if (refused) return refused
    if (!this.config.test) {
      return Promise.resolve(
        failure('command', 'not-configured', 'no test command configured (e.g. the relay tool with a status flag)', {
          attempts: 0
        })
      )
    }
    return this.execute(this.config.test, { requestId: 'test', trigger: { kind: 'test' }, at: Date.now() })
  }

  async dispose(): Promise<void> {
    for (const pid of this.running) killGroup(pid)
    this.running.clear()
  }

  private async execute(spec: CommandSpec, ctx: DriverContext): Promise<DriverOutcome> {
    const values = templateValues(ctx)
    const args = spec.args.map((arg) => renderTemplate(arg, values))
    const started = Date.now()
    const run = await this.run(spec.program, args)
    const durationMs = Date.now() - started
    const record: ProcessRecord = {
      exitCode: run.exitCode,
      signal: run.signal,
      stderr: truncateEnd(run.stderr.trim(), this.config.recordChars)
    }
    const base = { attempts: 1, durationMs, process: record }
    const name = spec.program
    if (run.timedOut) {
      return failure('command', 'timeout', `${name} did not finish within ${this.config.timeoutMs} ms`, base)
    }
    if (run.error) {
      const reason =
        run.error.code === 'ENOENT'
          ? `program not found: ${name} (check the path in the door settings)`
          : run.error.code === 'EACCES'
            ? `program is not executable: ${name} (chmod +x it)`
            : `could not start ${name} (${run.error.code})`
      return failure('command', 'spawn-failed', reason, base)
    }
    if (run.signal !== null) return failure('command', 'killed', `${name} was killed by ${run.signal}`, base)
    if (run.exitCode !== 0) {
      const tail = record.stderr ? `: ${record.stderr}` : ''
      return failure('command', 'exit-code', `${name} exited with code ${run.exitCode}${tail}`, base)
    }
    return success('command', base)
  }

  /**
   * spawn rather than execFile: execFile drops `detached`, and the program must lead its own process
   * group so the timeout can kill the children of a wrapper script too. Still no shell.
   */
  private run(program: string, args: string[]): Promise<RunResult> {
    return new Promise((resolve) => {
      let timedOut = false
      let stderr = ''
      let spawnError: RunResult['error'] = null
      const child = spawn(program, args, { shell: false, detached: true, windowsHide: true, stdio: ['ignore', 'ignore', 'pipe'] })
      child.stderr.setEncoding('utf8')
      child.stderr.on('data', (chunk: string) => {
        // Keep only the tail: a chatty program must not grow memory.
        stderr = (stderr + chunk).slice(-MAX_STDERR_CHARS)
      })
      child.on('error', (error) => {
        spawnError = error
      })
      if (child.pid !== undefined) this.running.add(child.pid)
      const timer = setTimeout(() => {
        timedOut = true
        killGroup(child.pid)
      }, this.config.timeoutMs)
      // 'close' waits for stdio too; the group kill above guarantees it comes.
      child.on('close', (exitCode, signal) => {
        clearTimeout(timer)
        if (child.pid !== undefined) this.running.delete(child.pid)
        resolve({ error: spawnError, stderr, exitCode, signal, timedOut })
      })
    })
  }
}
