import { setTimeout as delay } from 'node:timers/promises'
import type { WebhookDriverConfig, WebhookRequestConfig } from '../config'
import { failure, success, truncateStart } from '../outcome'
import { exchange, NonPublicAddressError } from './http-request'
import { jsonStringEscape, noEscape, renderTemplate, templateValues } from '../template'
import type { DoorDriver, DriverContext, DriverFailureCode, DriverOutcome, HttpRecord } from '../types'

/** Statuses worth another try: the lock or its hub may be busy or restarting. */
const RETRYABLE_STATUS = new Set([408, 429])
const SERVER_ERROR_MIN = 500
const SUCCESS_MIN = 200
const SUCCESS_MAX = 299

/** One request's result, before retry policy is applied. */
type AttemptResult =
  | { kind: 'response'; http: HttpRecord }
  | { kind: 'error'; code: DriverFailureCode; reason: string; retryable: boolean }

/** URL without query or credentials: tokens sometimes live there and outcomes are logged. */
export function redactUrl(url: string): string {
  const u = new URL(url)
  return `${u.protocol}//${u.host}${u.pathname}`
}

function isJsonContent(headers: Record<string, string>): boolean {
  return Object.entries(headers).some(([k, v]) => k.toLowerCase() === 'content-type' && v.toLowerCase().includes('json'))
}

function describeRequestError(error: unknown, timeoutMs: number): { code: DriverFailureCode; reason: string; retryable: boolean } {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { code: 'timeout', reason: `no answer within ${timeoutMs} ms`, retryable: true }
  }
  if (error instanceof NonPublicAddressError) {
    return { code: 'connection-failed', reason: 'refused: the host name now resolves to a loopback, link-local or private address', retryable: false }
  }
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ECONNREFUSED') return { code: 'connection-failed', reason: 'connection refused', retryable: true }
  return { code: 'connection-failed', reason: `connection failed (${code ?? (error instanceof Error ? error.message : String(error))})`, retryable: true }
}

export class WebhookDriver implements DoorDriver {
  readonly kind = 'webhook' as const

  constructor(private readonly config: WebhookDriverConfig) {}

  /** The operator's file refuses this configuration: every action fails with its reason. */
  private refused(): Promise<DriverOutcome> | null {
    return this.config.unavailable !== undefined ? Promise.resolve(failure('webhook', 'not-configured', this.config.unavailable, { attempts: 0 })) : null
  }

  open(ctx: DriverContext): Promise<DriverOutcome> {
    return this.refused() ?? this.send(this.config.open, ctx)
  }

  close(ctx: DriverContext): Promise<DriverOutcome> {
    const refused = this.refused()
    if (refused) return refused
    // Without a close request the lock relocks by itself: nothing to do, and that is a success.
    return this.config.close ? this.send(this.config.close, ctx) : Promise.resolve(success('webhook', { attempts: 0 }))
  }

  test(): Promise<DriverOutcome> {
    const refused = this.refused()
    if (refused) return refused
    if (!this.config.test) {
      return Promise.resolve(
        failure('webhook', 'not-configured', 'no test address set: add one in the door settings (a status page the lock answers without opening, e.g. GET /api/ on Home Assistant)', {
          attempts: 0
        })
      )
    }
    return this.send(this.config.test, { requestId: 'test', trigger: { kind: 'test' }, at: Date.now() })
  }

  /** Sends with retries; the outcome records the last response and the number of attempts. */
  private async send(request: WebhookRequestConfig, ctx: DriverContext): Promise<DriverOutcome> {
    const started = Date.now()
    const maxAttempts = this.config.retries + 1
    let last: AttemptResult | undefined
    let attempts = 0
    while (attempts < maxAttempts) {
      if (attempts > 0) await delay(this.config.retryBackoffMs * 2 ** (attempts - 1))
      attempts++
      last = await this.attempt(request, ctx)
      if (!this.shouldRetry(last)) break
    }
    const durationMs = Date.now() - started
    const target = `${request.method} ${redactUrl(request.url)}`
    if (last === undefined) throw new Error('unreachable: at least one attempt is made')
    if (last.kind === 'error') {
      return failure('webhook', last.code, `${last.reason} (${target}, ${attempts} attempt(s))`, { attempts, durationMs })
    }
    const { status } = last.http
    if (status >= SUCCESS_MIN && status <= SUCCESS_MAX) return success('webhook', { attempts, durationMs, http: last.http })
    return failure('webhook', 'http-status', `HTTP ${status} from ${target} (${attempts} attempt(s))`, {
      attempts,
      durationMs,
      http: last.http
    })
  }

  private shouldRetry(result: AttemptResult): boolean {
    if (result.kind === 'error') return result.retryable
    const { status } = result.http
    return status >= SERVER_ERROR_MIN || RETRYABLE_STATUS.has(status)
  }

  private async attempt(request: WebhookRequestConfig, ctx: DriverContext): Promise<AttemptResult> {
    const values = templateValues(ctx)
    const escape = isJsonContent(request.headers) ? jsonStringEscape : noEscape
    const body = request.bodyTemplate === undefined ? undefined : renderTemplate(request.bodyTemplate, values, escape)
    try {
      // A redirect is not followed (it could lead to a destination the operator did not allow): its
      // 3xx status counts as a failure. A lock hub that stalls mid-body times out too.
      const response = await exchange(request.url, {
        method: request.method,
        headers: request.headers,
        body,
        timeoutMs: this.config.timeoutMs,
        publicOnly: this.config.publicOnly
      })
      return { kind: 'response', http: { status: response.status, body: truncateStart(response.text, this.config.recordChars) } }
    } catch (error) {
      return { kind: 'error', ...describeRequestError(error, this.config.timeoutMs) }
    }
  }
}
