import { AppError, toErrorResult, type Result } from '../../shared/errors'
import { describeIssues } from '../../shared/validate'
import { verbs, type ParsedRequestOf, type ResponseOf, type Verb } from '../../shared/ipc/contract'

/** Who is calling, as established by the transport (Electron frame check or WebSocket token). */
export interface CallContext {
  transport: 'electron' | 'websocket'
  /** Set by the transport's sender check; a call from an untrusted sender never reaches a handler. */
  trustedSender: boolean
  /** Short description for logs (never payload contents). */
  sender: string
}

export type Handler<V extends Verb> = (
  request: ParsedRequestOf<V>,
  context: CallContext
) => ResponseOf<V> | Promise<ResponseOf<V>>

type AnyHandler = (request: unknown, context: CallContext) => unknown

/**
 * The one place where IPC handlers are registered and called. `dispatch` checks the sender, validates
 * the payload against the contract's zod schema and only then runs feature code; every failure comes
 * back as a typed `{ ok: false, code, message }`, never as a throw across the boundary.
 */
export class IpcRegistry {
  private readonly handlers = new Map<string, AnyHandler>()

  handle<V extends Verb>(verb: V, handler: Handler<V>): void {
    if (!(verb in verbs)) throw new Error(`"${verb}" is not a verb of the IPC contract`)
    if (this.handlers.has(verb)) throw new Error(`A handler for "${verb}" is already registered`)
    this.handlers.set(verb, handler as AnyHandler)
  }

  registeredVerbs(): string[] {
    return [...this.handlers.keys()]
  }

  async dispatch(verb: string, payload: unknown, context: CallContext): Promise<Result<unknown>> {
    if (!context.trustedSender) {
      return { ok: false, code: 'FORBIDDEN', message: 'This caller may not use the Happy House API' }
    }
    const handler = Object.hasOwn(verbs, verb) ? this.handlers.get(verb) : undefined
    if (!handler) {
      return { ok: false, code: 'UNKNOWN_CHANNEL', message: `Unknown API verb "${String(verb).slice(0, 64)}"` }
    }
    const schema = verbs[verb as Verb]
    const parsed = schema.request.safeParse(payload)
    if (!parsed.success) {
      return { ok: false, code: 'INVALID_PAYLOAD', message: `Invalid request for ${verb}: ${describeIssues(parsed.error.issues, '(payload)')}` }
    }
    try {
      const value = await handler(parsed.data, context)
      // Checking the answer too keeps both transports honest about the contract.
      const checked = schema.response.safeParse(value)
      if (!checked.success) {
        throw new AppError('INTERNAL', `Handler for ${verb} returned a value outside the contract`)
      }
      return { ok: true, value: checked.data }
    } catch (e) {
      if (!(e instanceof AppError)) console.error(`[ipc] ${verb} failed:`, e instanceof Error ? e.message : e)
      return toErrorResult(e)
    }
  }
}
