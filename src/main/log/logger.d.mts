export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type LogFields = Record<string, unknown>
export interface Logger {
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
  child(component: string): Logger
}
export const LOG_LEVELS: readonly LogLevel[]
export const DEFAULT_LOG_LEVEL: LogLevel
export const LOG_LEVEL_ENV: string
export const REDACTED: string
export function redact(text: string): string
export function isLogLevel(level: string): level is LogLevel
export function logLevelFrom(argv: readonly string[], env: Record<string, string | undefined>): LogLevel
export function formatLine(level: LogLevel, component: string, msg: string, fields?: LogFields, now?: Date): string
export function createLogger(component: string, options?: { level?: string; out?: (line: string) => void; err?: (line: string) => void }): Logger
export function processLogger(component: string, env?: Record<string, string | undefined>): Logger
