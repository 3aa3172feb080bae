import type { z } from 'zod'
import { AppError, type ErrorCode } from './errors'

/** "a.b: message" for the first issues of a failed zod parse, for error messages. */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[], fallback = '(value)', max = 5): string {
  return issues
    .slice(0, max)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : fallback}: ${i.message}`)
    .join('; ')
}

/**
 * Parses with a zod schema or throws a typed AppError naming the first bad field, with every issue
 * in the details (for forms that highlight fields).
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string, code: ErrorCode = 'INVALID_PAYLOAD'): z.output<S> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]!
  const where = issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : ''
  throw new AppError(code, `Invalid ${what}${where}: ${issue.message}`, {
    issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
  })
}
