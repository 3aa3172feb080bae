import { describe, expect, it } from 'vitest'
import { describeOutcome, doorFailedError, truncateEnd, truncateStart } from '../../../src/main/door/outcome'

describe('driver outcomes for the log', () => {
  it('describes successes and failures in one short line', () => {
    expect(describeOutcome({ ok: true, driver: 'webhook', attempts: 2, durationMs: 30, http: { status: 200, body: '' } })).toBe(
      'HTTP 200 after 2 attempts'
    )
    expect(describeOutcome({ ok: true, driver: 'command', attempts: 1, durationMs: 5, process: { exitCode: 0, signal: null, stderr: '' } })).toBe(
      'exit code 0'
    )
    expect(describeOutcome({ ok: true, driver: 'simulated', attempts: 1, durationMs: 0 })).toBe('simulated door')
    // Failures are summarised: no timings, status codes, connection errors or program output.
    expect(describeOutcome({ ok: false, driver: 'webhook', code: 'timeout', reason: 'no answer within 200 ms', attempts: 3, durationMs: 700 })).toBe(
      'the lock did not confirm (webhook request failed; details in the kiosk log)'
    )
    expect(
      describeOutcome({ ok: false, driver: 'command', code: 'exit-code', reason: 'relay exited with code 2: secret-token-in-stderr', attempts: 1, durationMs: 5, process: { exitCode: 2, signal: null, stderr: 'secret-token-in-stderr' } })
    ).toBe('the door program failed (details in the kiosk log)')
  })

  it('turns a failed attempt into a DOOR_FAILED AppError', () => {
    const error = doorFailedError({
      ok: false,
      requestId: 'r',
      state: 'failed',
      message: 'The door did not open: connection refused',
      outcome: { ok: false, driver: 'webhook', code: 'connection-failed', reason: 'connection refused', attempts: 3, durationMs: 9 }
    })
    expect(error.code).toBe('DOOR_FAILED')
    expect(error.message).toBe('The door did not open: connection refused')
    expect(error.details).toEqual({ driver: 'webhook', code: 'connection-failed', attempts: 3 })
  })

  it('truncates recorded text from the right end', () => {
    expect(truncateStart('abcdef', 3)).toBe('abc…')
    expect(truncateEnd('abcdef', 3)).toBe('…def')
    expect(truncateEnd('abc', 3)).toBe('abc')
  })
})
