import { describe, expect, it } from 'vitest'
import { IpcRegistry, type CallContext } from '../../../src/main/ipc/registry'
import { AppError } from '../../../src/shared/errors'

const trusted: CallContext = { transport: 'websocket', trustedSender: true, sender: 'test' }

describe('IpcRegistry.dispatch', () => {
  it('rejects an invalid payload with a typed error before the handler runs', async () => {
    const registry = new IpcRegistry()
    let ran = false
    registry.handle('ping', () => {
      ran = true
      return { pong: true, time: 1 }
    })
    const result = await registry.dispatch('ping', { unexpected: 'field' }, trusted)
    expect(result).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' })
    expect(ran).toBe(false)
    const notAnObject = await registry.dispatch('ping', 'hello', trusted)
    expect(notAnObject).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' })
    expect(ran).toBe(false)
  })

  it('runs the handler for a valid payload and returns its value', async () => {
    const registry = new IpcRegistry()
    registry.handle('ping', () => ({ pong: true, time: 42 }))
    expect(await registry.dispatch('ping', {}, trusted)).toEqual({ ok: true, value: { pong: true, time: 42 } })
  })

  it('refuses an untrusted sender without running feature code', async () => {
    const registry = new IpcRegistry()
    let ran = false
    registry.handle('ping', () => {
      ran = true
      return { pong: true, time: 1 }
    })
    const result = await registry.dispatch('ping', {}, { ...trusted, trustedSender: false })
    expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(ran).toBe(false)
  })

  it('answers unknown and prototype-named verbs with UNKNOWN_CHANNEL', async () => {
    const registry = new IpcRegistry()
    for (const verb of ['nope', '__proto__', 'constructor', 'toString']) {
      expect(await registry.dispatch(verb, {}, trusted)).toMatchObject({ ok: false, code: 'UNKNOWN_CHANNEL' })
    }
  })

  it('turns thrown AppErrors into typed results and hides unexpected errors', async () => {
    const registry = new IpcRegistry()
    registry.handle('ping', () => {
      throw new AppError('NOT_FOUND', 'No such resident')
    })
    registry.handle('getStatus', () => {
      throw new Error('/secret/path leaked')
    })
    expect(await registry.dispatch('ping', {}, trusted)).toEqual({ ok: false, code: 'NOT_FOUND', message: 'No such resident' })
    const hidden = await registry.dispatch('getStatus', {}, trusted)
    expect(hidden).toMatchObject({ ok: false, code: 'INTERNAL' })
    expect(JSON.stringify(hidden)).not.toContain('secret')
  })

  it('refuses handlers that answer outside the contract', async () => {
    const registry = new IpcRegistry()
    registry.handle('ping', () => ({ pong: 'yes' }) as never)
    expect(await registry.dispatch('ping', {}, trusted)).toMatchObject({ ok: false, code: 'INTERNAL' })
  })

  it('refuses to register a verb twice or a verb outside the contract', () => {
    const registry = new IpcRegistry()
    registry.handle('ping', () => ({ pong: true, time: 1 }))
    expect(() => registry.handle('ping', () => ({ pong: true, time: 1 }))).toThrow(/already registered/)
    expect(() => registry.handle('bogus' as never, () => ({}) as never)).toThrow(/not a verb/)
  })
})
