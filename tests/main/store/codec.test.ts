import { describe, expect, it } from 'vitest'
import { bytesToFloat32, float32ToBytes, plainCodec } from '../../../src/main/store/codec'

describe('plainCodec', () => {
  it('round-trips an embedding through base64 of Float32 little-endian', () => {
    const v = new Float32Array([1, -0.5, 0.25, 3.4028234663852886e38, -1e-30])
    const stored = plainCodec.encodeEmbedding(v)
    expect(typeof stored).toBe('string')
    expect(Buffer.from(stored, 'base64').length).toBe(v.length * 4)
    expect(Array.from(plainCodec.decodeEmbedding(stored))).toEqual(Array.from(v))
  })

  it('writes little-endian bytes whatever the host', () => {
    const bytes = float32ToBytes(new Float32Array([1]))
    // 1.0f = 0x3f800000, little-endian: 00 00 80 3f
    expect(Array.from(bytes)).toEqual([0x00, 0x00, 0x80, 0x3f])
  })

  it('rejects bad base64, truncated floats and non-finite values', () => {
    expect(() => plainCodec.decodeEmbedding('not base64!')).toThrow(/base64/)
    expect(() => bytesToFloat32(new Uint8Array(6))).toThrow(/whole number/)
    const nan = float32ToBytes(new Float32Array([Number.NaN]))
    expect(() => bytesToFloat32(nan)).toThrow(/non-finite/)
  })

  it('round-trips image bytes', () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 250])
    expect(Array.from(plainCodec.decodeImage(plainCodec.encodeImage(jpeg)))).toEqual(Array.from(jpeg))
  })
})
