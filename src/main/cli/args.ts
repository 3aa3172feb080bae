import { parseArgs } from 'node:util'

/** A command line that cannot be run as typed (exit code 2, with the usage). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

export type Command =
  | { kind: 'help'; topic?: string }
  | { kind: 'enroll'; name: string; images: string[]; camera: boolean; largest: boolean; yes: boolean }
  | { kind: 'add-photos'; name: string; images: string[]; camera: boolean; largest: boolean; yes: boolean }
  | { kind: 'identify'; image: string }
  | { kind: 'verify'; image: string; name: string }
  | { kind: 'residents' }
  | { kind: 'rename'; name: string; newName: string }
  | { kind: 'delete'; name: string; yes: boolean }
  | { kind: 'log'; limit: number; csv: boolean }
  | { kind: 'eval'; lfw: string | null }

export interface CliArgs {
  command: Command
  /** Data directory (default: the user's config dir). */
  dataDir: string | null
  json: boolean
}

export const COMMANDS = ['enroll', 'add-photos', 'identify', 'verify', 'residents', 'rename', 'delete', 'log', 'eval', 'help'] as const

const DEFAULT_LOG_LIMIT = 50

function expectPositionals(command: string, got: string[], min: number, max: number, shape: string): void {
  if (got.length < min || got.length > max) {
    throw new UsageError(`"${command}" takes ${shape} (got ${got.length} argument${got.length === 1 ? '' : 's'})`)
  }
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        data: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        camera: { type: 'boolean', default: false },
        largest: { type: 'boolean', default: false },
        yes: { type: 'boolean', short: 'y', default: false },
        lfw: { type: 'string' },
        limit: { type: 'string' },
        csv: { type: 'boolean', default: false },
        // Read by main() (the level of the app's log lines), accepted with every command.
        'log-level': { type: 'string' }
      }
    })
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
  const { values, positionals } = parsed
  const [verb, ...rest] = positionals
  const common = { dataDir: values.data ?? null, json: values.json ?? false }
  if (values.data !== undefined && values.data.trim() === '') throw new UsageError('--data needs a directory')
  if (values.help || verb === undefined || verb === 'help') {
    return { ...common, command: { kind: 'help', topic: verb === 'help' ? rest[0] : verb } }
  }
  const flags = { camera: values.camera ?? false, largest: values.largest ?? false, yes: values.yes ?? false }
  switch (verb) {
    case 'enroll':
    case 'add-photos':
      expectPositionals(verb, rest, 2, Infinity, 'NAME IMAGE...')
      return { ...common, command: { kind: verb, name: rest[0], images: rest.slice(1), ...flags } }
    case 'identify':
      expectPositionals(verb, rest, 1, 1, 'IMAGE')
      return { ...common, command: { kind: 'identify', image: rest[0] } }
    case 'verify':
      expectPositionals(verb, rest, 2, 2, 'IMAGE NAME')
      return { ...common, command: { kind: 'verify', image: rest[0], name: rest[1] } }
    case 'residents':
      expectPositionals(verb, rest, 0, 0, 'no arguments')
      return { ...common, command: { kind: 'residents' } }
    case 'rename':
      expectPositionals(verb, rest, 2, 2, 'NAME NEW_NAME')
      return { ...common, command: { kind: 'rename', name: rest[0], newName: rest[1] } }
    case 'delete':
      expectPositionals(verb, rest, 1, 1, 'NAME')
      return { ...common, command: { kind: 'delete', name: rest[0], yes: flags.yes } }
    case 'log': {
      expectPositionals(verb, rest, 0, 0, 'no arguments')
      const limit = values.limit === undefined ? DEFAULT_LOG_LIMIT : Number(values.limit)
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a whole number >= 1')
      return { ...common, command: { kind: 'log', limit, csv: values.csv ?? false } }
    }
    case 'eval':
      expectPositionals(verb, rest, 0, 0, '--lfw DIR')
      return { ...common, command: { kind: 'eval', lfw: values.lfw ?? null } }
    default:
      throw new UsageError(`Unknown command "${verb}": use one of ${COMMANDS.join(', ')}`)
  }
}
