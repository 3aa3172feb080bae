import { AppError, isAppError } from '../../shared/errors'
import { createFaceEngine, type FaceEngine } from '../engine'
import { defaultDataDir } from '../paths'
import { createEnrollmentService } from '../residents'
import { openEncryptedStore } from '../security'
import type { Store } from '../store'
import { parseCliArgs, UsageError, type CliArgs } from './args'
import { runCommand, type CliResult } from './commands'
import { runLfwEval } from './eval'
import { EXIT, USAGE } from './help'
import { LOG_LEVEL_ENV, logLevelFrom } from '../log/logger.mjs'
import { runServiceCommand } from './service/service-command'

export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  env: NodeJS.ProcessEnv
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env
}

function exitCodeFor(error: AppError): number {
  return error.code === 'NEEDS_CONFIRMATION' ? EXIT.needsConfirmation : EXIT.error
}

function confirmHint(error: AppError): string {
  return error.code === 'NEEDS_CONFIRMATION' && !/--yes/.test(error.message) ? ' (run again with --yes to go ahead)' : ''
}

async function execute(args: CliArgs, io: CliIo): Promise<{ result: CliResult; notices: Store['notices'] }> {
  const command = args.command
  if (command.kind === 'help' || command.kind === 'eval') throw new Error('not a store command')
  const engine: FaceEngine = createFaceEngine()
  let store: Store | null = null
  try {
    // Same key file as the browser host: biometric data stays encrypted at rest.
    store = await openEncryptedStore(args.dataDir ?? defaultDataDir(io.env), { activeModelId: engine.modelId })
    const enrollment = createEnrollmentService({ store, engine })
    const result = await runCommand(command, { store, engine, enrollment })
    return { result, notices: store.notices }
  } finally {
    await store?.close()
    await engine.dispose()
  }
}

async function evalCommand(lfw: string | null, io: CliIo): Promise<CliResult> {
  if (lfw === null) throw new UsageError('eval needs --lfw DIR (a folder with pairs.txt and images/)')
  const { lines, data } = await runLfwEval(lfw, io.stderr)
  return { exitCode: EXIT.ok, lines, data: { ...data } }
}

/** Runs one CLI invocation; returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  // `service` installs systemd units: no data directory, store or engine involved.
  if (argv[0] === 'service') return serviceCommand(argv.slice(1), io)
  let args: CliArgs
  try {
    args = parseCliArgs(argv)
    // Log lines of the main-process code it runs follow --log-level; a bad level is a usage error.
    if (argv.some((a) => a.startsWith('--log-level'))) process.env[LOG_LEVEL_ENV] = logLevelFrom(argv, io.env)
  } catch (e) {
    const message = (e as Error).message
    if (argv.includes('--json')) io.stdout(JSON.stringify({ ok: false, code: 'USAGE', message }) + '\n')
    else io.stderr(`happy-house: ${message}\n\n${USAGE}`)
    return EXIT.usage
  }
  const json = args.json
  if (args.command.kind === 'help') {
    io.stdout(json ? JSON.stringify({ ok: true, usage: USAGE }) + '\n' : USAGE)
    return EXIT.ok
  }
  try {
    const { result, notices } = args.command.kind === 'eval' ? { result: await evalCommand(args.command.lfw, io), notices: [] } : await execute(args, io)
    if (json) {
      io.stdout(JSON.stringify({ ok: true, ...result.data, notices }) + '\n')
    } else {
      for (const notice of notices) if (notice.kind !== 'created') io.stderr(`${notice.severity}: ${notice.message}\n`)
      io.stdout(result.raw ?? result.lines.join('\n') + '\n')
    }
    return result.exitCode
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`happy-house: ${e.message}\n`)
      return EXIT.usage
    }
    const known = isAppError(e)
    const code = known ? e.code : 'INTERNAL'
    const message = known ? e.message + confirmHint(e) : `Internal error: ${(e as Error)?.message ?? String(e)}`
    if (json) {
      io.stdout(JSON.stringify({ ok: false, code, message, ...(known && e.details ? { details: e.details } : {}) }) + '\n')
    } else {
      io.stderr(`happy-house: ${message}\n`)
    }
    return known ? exitCodeFor(e) : EXIT.internal
  }
}

async function serviceCommand(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { exitCode, lines } = await runServiceCommand(argv, io.env)
    ;(exitCode === 0 ? io.stdout : io.stderr)(lines.join('\n') + '\n')
    return exitCode
  } catch (e) {
    io.stderr(`happy-house service: ${(e as Error).message}\n`)
    return EXIT.error
  }
}
