import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AES_CODEC_ID, createAesCodec, isSealed, keyIdOf } from '../../../src/main/store/aes-codec'
import { BiometricKeyError, isBase64, plainCodec } from '../../../src/main/store/codec'
import { randomUnitVector } from '../../support/vectors'

const key = randomBytes(32)
const codec = createAesCodec(key)
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 250])

/** Flips one bit of a base64 value at byte `at` (from the end when negative). */
function flipBit(stored: string, at: number): string {
  const bytes = Buffer.from(stored, 'base64')
  bytes[at < 0 ? bytes.length + at : at] ^= 0x01
  return bytes.toString('base64')
}

function problemOf(run: () => unknown): string {
  try {
    run()
  } catch (e) {
    expect(e).toBeInstanceOf(BiometricKeyError)
    expect((e as BiometricKeyError).code).toBe('STORE_CORRUPT')
    return (e as BiometricKeyError).problem
  }
  throw new Error('expected a BiometricKeyError')
}

describe('AES-256-GCM biometric codec', () => {
  it('round-trips embeddings, thumbnails and snapshot files', () => {
    const embedding = randomUnitVector(512)
    const stored = codec.encodeEmbedding(embedding)
    expect(codec.id).toBe(AES_CODEC_ID)
    expect(isBase64(stored)).toBe(true)
    expect(Array.from(codec.decodeEmbedding(stored))).toEqual(Array.from(embedding))
    expect(Array.from(codec.decodeImage(codec.encodeImage(jpeg)))).toEqual(Array.from(jpeg))
    const sealed = codec.sealFile(jpeg)
    expect(isSealed(sealed)).toBe(true)
    expect(Array.from(codec.openFile(sealed))).toEqual(Array.from(jpeg))
  })

  it('hides the plaintext and uses a fresh IV for every value', () => {
    const embedding = randomUnitVector(128)
    const a = codec.encodeEmbedding(embedding)
    const b = codec.encodeEmbedding(embedding)
    expect(a).not.toBe(b)
    const plain = Buffer.from(plainCodec.encodeEmbedding(embedding), 'base64')
    expect(Buffer.from(a, 'base64').includes(plain.subarray(0, 16))).toBe(false)
    // magic "HHB" | version 1 | key id | IV | tag | ciphertext
    const bytes = Buffer.from(a, 'base64')
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x48, 0x48, 0x42, 1]))
    expect(bytes.subarray(4, 12)).toEqual(keyIdOf(key))
    expect(bytes.subarray(12, 24)).not.toEqual(Buffer.from(b, 'base64').subarray(12, 24))
    expect(bytes.length).toBe(3 + 1 + 8 + 12 + 16 + 128 * 4)
  })

  it('refuses another key as a wrong key, never garbage', () => {
    const other = createAesCodec(randomBytes(32))
    const stored = codec.encodeEmbedding(randomUnitVector(64))
    expect(problemOf(() => other.decodeEmbedding(stored))).toBe('wrong-key')
    expect(problemOf(() => other.openFile(codec.sealFile(jpeg)))).toBe('wrong-key')
  })

  it('detects tampering anywhere: ciphertext, tag, IV, header, or a value moved to another field', () => {
    const stored = codec.encodeEmbedding(randomUnitVector(64))
    expect(problemOf(() => codec.decodeEmbedding(flipBit(stored, -1)))).toBe('tampered')
    expect(problemOf(() => codec.decodeEmbedding(flipBit(stored, 24)))).toBe('tampered') // tag
    expect(problemOf(() => codec.decodeEmbedding(flipBit(stored, 12)))).toBe('tampered') // IV
    expect(problemOf(() => codec.decodeEmbedding(flipBit(stored, 3)))).toBe('tampered') // version
    expect(problemOf(() => codec.decodeEmbedding(flipBit(stored, 0)))).toBe('tampered') // magic
    expect(problemOf(() => codec.decodeEmbedding(codec.encodeImage(jpeg)))).toBe('tampered')
    expect(problemOf(() => codec.decodeEmbedding(plainCodec.encodeEmbedding(randomUnitVector(64))))).toBe('tampered')
    expect(problemOf(() => codec.decodeEmbedding('not base64!'))).toBe('tampered')
    expect(problemOf(() => codec.openFile(jpeg))).toBe('tampered')
    const truncated = Buffer.from(stored, 'base64').subarray(0, 30).toString('base64')
    expect(problemOf(() => codec.decodeEmbedding(truncated))).toBe('tampered')
  })

  it('only accepts 32-byte keys', () => {
    expect(() => createAesCodec(randomBytes(16))).toThrow(BiometricKeyError)
  })
})
