import { describe, expect, it } from 'vitest'
import { decodeMessage, encodeMessage, WireError } from '../../src/shared/ipc/wire'

describe('WebSocket wire format', () => {
  it('round-trips JSON with byte arrays carried as raw attachments', () => {
    const frame = new Uint8Array([1, 2, 3, 250])
    const thumb = new Uint8Array(1000).fill(7)
    const encoded = encodeMessage({ t: 'req', id: 3, verb: 'x', payload: { frame, nested: [{ thumb }], n: 1.5, s: 'é' } })
    // The bytes are not expanded into JSON numbers.
    expect(encoded.length).toBeLessThan(1200)
    const decoded = decodeMessage(encoded) as { payload: { frame: Uint8Array; nested: { thumb: Uint8Array }[]; n: number; s: string } }
    expect(Array.from(decoded.payload.frame)).toEqual([1, 2, 3, 250])
    expect(decoded.payload.nested[0]!.thumb.length).toBe(1000)
    expect(decoded.payload.n).toBe(1.5)
    expect(decoded.payload.s).toBe('é')
  })

  it('rejects malformed frames with WireError', () => {
    expect(() => decodeMessage(new Uint8Array([1]))).toThrow(WireError)
    expect(() => decodeMessage(new Uint8Array([255, 255, 0, 0, 1, 2]))).toThrow(WireError)
    const notJson = new Uint8Array([3, 0, 0, 0, 65, 66, 67])
    expect(() => decodeMessage(notJson)).toThrow(WireError)
    const badIndex = encodeMessage({ t: 'event', event: 'e', payload: { $bin: 0 } })
    expect(() => decodeMessage(badIndex)).toThrow(WireError)
  })
})
