import { createHash } from 'node:crypto'
import { AppError } from '../../shared/errors'

/**
 * The ONE place where biometric fields (embeddings, face thumbnails, access snapshots) are turned
 * into what is stored and back: `plainCodec` below, and AES-256-GCM encryption at rest in
 * `aes-codec.ts`. The rest of the store only calls these functions.
 */
export interface BiometricCodec {
  /** Recorded in the database so a later codec knows what it is reading. */
  readonly id: string
  /**
   * `recordId` (the photo's id, the snapshot's file name) binds a value to its record: a value
   * moved to another record does not open (encrypting codecs; the plain codec ignores it).
   */
  encodeEmbedding(embedding: Float32Array, recordId?: string): string
  decodeEmbedding(stored: string, recordId?: string): Float32Array
  /** Face thumbnails (JPEG bytes) kept inside the JSON database. */
  encodeImage(jpeg: Uint8Array, recordId?: string): string
  decodeImage(stored: string, recordId?: string): Uint8Array
  /** Access snapshots kept as separate files. */
  sealFile(bytes: Uint8Array, recordId?: string): Uint8Array
  openFile(stored: Uint8Array, recordId?: string): Uint8Array
  /** Is a stored value already bound to its record (false: written before binding, to be rebound)? */
  isBound(stored: string | Uint8Array): boolean
  /**
   * Small secrets kept in the JSON database (the administrator PIN verifier, webhook headers),
   * bound to `context` (what the value is and which record it belongs to): a value moved to another
   * field or record fails to open.
   */
  sealSecret(plain: Uint8Array, context: string): string
  openSecret(stored: string, context: string): Uint8Array
  /**
   * Digest of one link of the access log's hash chain. Keyed (HMAC with a key derived from the
   * biometric key) when the codec has a key, so an edited log cannot be re-chained without it.
   */
  chainDigest(text: string): string
}

/** Why encrypted biometric data cannot be opened. */
export type BiometricKeyProblem =
  /** The data was encrypted with another key. */
  | 'wrong-key'
  /** The key is right but a value fails its integrity check (altered or damaged on disk). */
  | 'tampered'
  /** The database is encrypted but its key is gone. */
  | 'missing-key'
  /** The key file or keychain entry exists but cannot be used (size, format, keychain refused). */
  | 'damaged-key'
  /** The key file is reachable by other users or is not a plain file: refused, not used. */
  | 'unsafe-key-file'

/**
 * Thrown when biometric data cannot be opened with the key at hand (wrong, missing or unsafe key, or
 * encrypted data that fails its integrity check). Unlike a damaged file, the database is then left
 * untouched instead of being moved aside: restoring the right key (or backup) recovers it.
 */
export class BiometricKeyError extends AppError {
  readonly problem: BiometricKeyProblem
  constructor(message: string, problem: BiometricKeyProblem = 'wrong-key') {
    super('STORE_CORRUPT', message, { problem })
    this.name = 'BiometricKeyError'
    this.problem = problem
  }
}

const FLOAT32_BYTES = 4
const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/

export function isBase64(text: string): boolean {
  return text.length % 4 === 0 && BASE64_PATTERN.test(text)
}

function decodeBase64(stored: string, what: string): Buffer {
  if (!isBase64(stored)) throw new AppError('STORE_CORRUPT', `Stored ${what} is not valid base64`)
  return Buffer.from(stored, 'base64')
}

/** Float32 little-endian bytes, whatever the host's endianness. */
export function float32ToBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * FLOAT32_BYTES)
  const view = new DataView(bytes.buffer)
  for (let i = 0; i < values.length; i++) view.setFloat32(i * FLOAT32_BYTES, values[i], true)
  return bytes
}

export function bytesToFloat32(bytes: Uint8Array): Float32Array {
  if (bytes.length === 0 || bytes.length % FLOAT32_BYTES !== 0) {
    throw new AppError('STORE_CORRUPT', `Stored embedding has ${bytes.length} bytes, not a whole number of float32 values`)
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const values = new Float32Array(bytes.length / FLOAT32_BYTES)
  for (let i = 0; i < values.length; i++) {
    const v = view.getFloat32(i * FLOAT32_BYTES, true)
    if (!Number.isFinite(v)) throw new AppError('STORE_CORRUPT', 'Stored embedding holds a non-finite value')
    values[i] = v
  }
  return values
}

export function assertFiniteEmbedding(embedding: Float32Array, maxDims: number): void {
  if (!(embedding instanceof Float32Array) || embedding.length === 0 || embedding.length > maxDims) {
    throw new AppError('INVALID_PAYLOAD', `An embedding must be a Float32Array of 1..${maxDims} values`)
  }
  for (const v of embedding) {
    if (!Number.isFinite(v)) throw new AppError('INVALID_PAYLOAD', 'An embedding holds NaN or Infinity')
  }
}

/** Plain (unencrypted) encoding: base64 of Float32 LE / of the JPEG bytes. */
export const plainCodec: BiometricCodec = {
  id: 'plain-v1',
  encodeEmbedding: (embedding) => Buffer.from(float32ToBytes(embedding)).toString('base64'),
  decodeEmbedding: (stored) => bytesToFloat32(decodeBase64(stored, 'embedding')),
  encodeImage: (jpeg) => Buffer.from(jpeg).toString('base64'),
  decodeImage: (stored) => new Uint8Array(decodeBase64(stored, 'thumbnail')),
  sealFile: (bytes) => bytes,
  openFile: (stored) => stored,
  isBound: () => true,
  sealSecret: (plain) => Buffer.from(plain).toString('base64'),
  openSecret: (stored) => new Uint8Array(decodeBase64(stored, 'secret')),
  chainDigest: (text) => createHash('sha256').update(text, 'utf8').digest('base64url')
}
