// One line per event, the same format for the browser host, `npm start` and the supervisor:
//   2026-12-01T10:00:00.000Z level=info component=door msg="the door opened" driver=webhook
// Plain JavaScript (with logger.d.mts for TypeScript) so the scripts in scripts/ can use it unbuilt.

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error']
export const DEFAULT_LOG_LEVEL = 'info'
export const LOG_LEVEL_ENV = 'HAPPY_HOUSE_LOG_LEVEL'

// Field names whose values never reach a log line, whatever the caller passes.
const SECRET_FIELD = /token|pin|key|secret|password|passphrase|cookie|authorization|header|code|session/i
// Secrets that could ride inside a message or a value: launch codes, tokens in URLs, auth headers.
const SECRET_IN_TEXT = [
  /([?&#](?:code|token|session)=)[^\s&"]+/gi,
  /((?:authorization|cookie|x-api-key)\s*[:=]\s*)[^\s"]+(?:\s+[^\s"]+)?/gi,
  /(hh_session_\d+=)[^\s;"]+/gi
]
export const REDACTED = '[redacted]'

/** @param {string} text */
export function redact(text) {
  let out = text
  for (const pattern of SECRET_IN_TEXT) out = out.replace(pattern, `$1${REDACTED}`)
  return out
}

/** @param {unknown} value */
function quote(value) {
  const text = redact(value instanceof Error ? value.message : typeof value === 'string' ? value : JSON.stringify(value) ?? String(value))
  // Bare when safe to split on spaces; quoted (JSON escaping: one line, no raw newlines) otherwise.
  return /^[\w.:/@+-]+$/.test(text) ? text : JSON.stringify(text)
}

/**
 * @param {string} level
 * @returns {boolean}
 */
export function isLogLevel(level) {
  return LOG_LEVELS.includes(level)
}

/**
 * The level asked for by `--log-level L` / `--log-level=L` in argv, else HAPPY_HOUSE_LOG_LEVEL, else info.
 * @param {readonly string[]} argv
 * @param {Record<string, string | undefined>} env
 */
export function logLevelFrom(argv, env) {
  let asked = env[LOG_LEVEL_ENV]
  argv.forEach((arg, i) => {
    if (arg === '--log-level') asked = argv[i + 1]
    else if (arg.startsWith('--log-level=')) asked = arg.slice('--log-level='.length)
  })
  if (asked === undefined || asked === '') return DEFAULT_LOG_LEVEL
  if (!isLogLevel(asked)) throw new Error(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not "${asked}"`)
  return asked
}

/**
 * @param {string} level @param {string} component @param {string} msg
 * @param {Record<string, unknown>} [fields] @param {Date} [now]
 */
export function formatLine(level, component, msg, fields = {}, now = new Date()) {
  let line = `${now.toISOString()} level=${level} component=${quote(component)} msg=${quote(msg)}`
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue
    line += ` ${name.replace(/[^\w.-]/g, '_')}=${SECRET_FIELD.test(name) ? REDACTED : quote(value)}`
  }
  return line
}

/**
 * @param {string} component
 * @param {{ level?: string, out?: (line: string) => void, err?: (line: string) => void }} [options]
 */
export function createLogger(component, options = {}) {
  const min = LOG_LEVELS.indexOf(options.level ?? DEFAULT_LOG_LEVEL)
  const out = options.out ?? ((line) => process.stdout.write(line + '\n'))
  const err = options.err ?? ((line) => process.stderr.write(line + '\n'))
  /** @param {string} level */
  const at = (level) => (/** @type {string} */ msg, /** @type {Record<string, unknown>} */ fields) => {
    if (LOG_LEVELS.indexOf(level) < min) return
    // Warnings and errors on stderr (journald gives them priority), the rest on stdout.
    ;(level === 'warn' || level === 'error' ? err : out)(formatLine(level, component, msg, fields))
  }
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    /** @param {string} sub */
    child: (sub) => createLogger(sub, options)
  }
}

/**
 * A logger at the level the process was started with (HAPPY_HOUSE_LOG_LEVEL, which the entry points
 * set from --log-level after checking it); an unknown value falls back to the default here.
 * @param {string} component
 * @param {Record<string, string | undefined>} [env]
 */
export function processLogger(component, env = process.env) {
  const asked = env[LOG_LEVEL_ENV]
  return createLogger(component, { level: asked && isLogLevel(asked) ? asked : DEFAULT_LOG_LEVEL })
}
