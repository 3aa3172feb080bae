import { SCHEMA_VERSION } from './schema'

/** Why a database file cannot be used as is. */
export type LoadProblem =
  /** Broken file: moved aside and replaced by the backup. */
  | { kind: 'corrupt'; reason: string }
  /** A valid file this build must not touch (newer schema, other codec): the user must act. */
  | { kind: 'incompatible'; reason: string }

export class DatabaseLoadError extends Error {
  readonly problem: LoadProblem
  /** The typed error behind the problem (e.g. a BiometricKeyError), kept for the caller. */
  readonly source?: Error
  constructor(problem: LoadProblem, source?: Error) {
    super(problem.reason)
    this.name = 'DatabaseLoadError'
    this.problem = problem
    this.source = source
  }
}

type Migration = (data: Record<string, unknown>) => Record<string, unknown>

/** MIGRATIONS[v] turns a version-v file into version v+1. */
const MIGRATIONS: Record<number, Migration> = {}

/** Brings a parsed file up to SCHEMA_VERSION; validation happens afterwards. */
export function migrateToCurrent(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DatabaseLoadError({ kind: 'corrupt', reason: 'the file does not hold a JSON object' })
  }
  let data = raw as Record<string, unknown>
  let version = data.version
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new DatabaseLoadError({ kind: 'corrupt', reason: 'the file has no valid schema version' })
  }
  if (version > SCHEMA_VERSION) {
    throw new DatabaseLoadError({
      kind: 'incompatible',
      reason: `the database was written by a newer Happy House (schema ${version}, this build reads up to ${SCHEMA_VERSION}): update the app`
    })
  }
  while (version < SCHEMA_VERSION) {
    const step = MIGRATIONS[version]
    if (!step) throw new DatabaseLoadError({ kind: 'corrupt', reason: `no migration from schema ${version}` })
    data = { ...step(data), version: version + 1 }
    version += 1
  }
  return data
}
