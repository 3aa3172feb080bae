import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'
import { BiometricKeyError, bytesToFloat32, float32ToBytes, isBase64, type BiometricCodec } from './codec'

/**
 * AES-256-GCM encryption at rest for biometric fields. Every value is sealed on its own:
 *
 *   magic "HHB" | format version | key id (8) | IV (12, random per value) | tag (16) | ciphertext
 *
 * The header is authenticated (additional data) together with the kind of field, so a value cannot
 * be altered or moved from a thumbnail into an embedding without the tag failing. JSON fields hold
 * the blob in base64; snapshot files hold it raw.
 */

export const AES_CODEC_ID = 'aes-256-gcm-v1'
export const AES_KEY_BYTES = 32

const MAGIC = Buffer.from('HHB', 'ascii')
/** Version 1: bound to the kind of field only (read for migration); 2: also to its record's id. */
const FORMAT_VERSION = 1
const BOUND_VERSION = 2
const KEY_ID_BYTES = 8
const IV_BYTES = 12
const TAG_BYTES = 16
const HEADER_BYTES = MAGIC.length + 1 + KEY_ID_BYTES
const OVERHEAD_BYTES = HEADER_BYTES + IV_BYTES + TAG_BYTES
const KEY_ID_LABEL = 'happy-house/biometric-key-id/v1'
const CIPHER = 'aes-256-gcm'
const CHAIN_KEY_LABEL = 'happy-house/access-log-chain/v1'

type FieldKind = 'embedding' | 'image' | 'file' | `secret:${string}`

/** Public fingerprint of a key (HMAC of a fixed label): tells "wrong key" from "tampered data". */
export function keyIdOf(key: Uint8Array): Buffer {
  return createHmac('sha256', key).update(KEY_ID_LABEL).digest().subarray(0, KEY_ID_BYTES)
}

/** Does `bytes` start like a value sealed by this codec (whatever the key)? */
export function isSealed(bytes: Uint8Array): boolean {
  return bytes.length >= OVERHEAD_BYTES && MAGIC.every((b, i) => bytes[i] === b)
}

function additionalData(header: Uint8Array, kind: FieldKind, recordId?: string): Buffer {
  return Buffer.concat([header, Buffer.from(`:${kind}${recordId !== undefined ? `:${recordId}` : ''}`, 'utf8')])
}

/** Is this value sealed in the format bound to its record (version 2)? */
function isBoundValue(bytes: Uint8Array): boolean {
  return isSealed(bytes) && bytes[MAGIC.length] === BOUND_VERSION
}

function seal(key: Buffer, keyId: Buffer, plain: Uint8Array, kind: FieldKind, recordId?: string): Buffer {
  const header = Buffer.concat([MAGIC, Buffer.from([recordId !== undefined ? BOUND_VERSION : FORMAT_VERSION]), keyId])
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(additionalData(header, kind, recordId))
  const body = Buffer.concat([cipher.update(plain), cipher.final()])
  return Buffer.concat([header, iv, cipher.getAuthTag(), body])
}

function open(key: Buffer, keyId: Buffer, sealed: Uint8Array, kind: FieldKind, recordId?: string): Buffer {
  const what = kind === 'file' ? 'An access snapshot' : kind.startsWith('secret:') ? 'A stored secret' : `A stored ${kind === 'image' ? 'thumbnail' : 'embedding'}`
  if (!isSealed(sealed)) {
    throw new BiometricKeyError(`${what} is not encrypted data of ${AES_CODEC_ID}: the file was altered or damaged`, 'tampered')
  }
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength)
  const version = bytes[MAGIC.length]
  if (version !== FORMAT_VERSION && version !== BOUND_VERSION) {
    throw new BiometricKeyError(`${what} uses encryption format ${version}, this build reads ${FORMAT_VERSION} and ${BOUND_VERSION}: update Happy House`, 'tampered')
  }
  const header = bytes.subarray(0, HEADER_BYTES)
  const storedKeyId = header.subarray(MAGIC.length + 1)
  if (!storedKeyId.equals(keyId)) {
    throw new BiometricKeyError(
      `${what} was encrypted with another key (id ${storedKeyId.toString('hex')}, this key is ${keyId.toString('hex')}): restore the biometric key that belongs to this database`,
      'wrong-key'
    )
  }
  const iv = bytes.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES)
  const tag = bytes.subarray(HEADER_BYTES + IV_BYTES, OVERHEAD_BYTES)
  const decipher = createDecipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES })
  // A version-2 value opens only for the record it was sealed for (a value moved to another photo or
  // snapshot fails); version 1 (before binding) is read as it was written, and rebound on open.
  decipher.setAAD(additionalData(header, kind, version === BOUND_VERSION ? (recordId ?? '') : undefined))
  decipher.setAuthTag(tag)
  try {
    return Buffer.concat([decipher.update(bytes.subarray(OVERHEAD_BYTES)), decipher.final()])
  } catch {
    throw new BiometricKeyError(`${what} failed its integrity check (altered, damaged, or moved from another record): restore the database from a backup`, 'tampered')
  }
}

function fromBase64(stored: string, kind: 'embedding' | 'image' | 'secret'): Buffer {
  if (typeof stored !== 'string' || !isBase64(stored)) {
    throw new BiometricKeyError(`A stored ${kind} is not base64: the database was altered or damaged`, 'tampered')
  }
  return Buffer.from(stored, 'base64')
}

/** The AES-256-GCM codec for one 32-byte key. */
export function createAesCodec(key: Uint8Array): BiometricCodec {
  if (!(key instanceof Uint8Array) || key.length !== AES_KEY_BYTES) {
    throw new BiometricKeyError(`A biometric key must be ${AES_KEY_BYTES} bytes`, 'damaged-key')
  }
  const secret = Buffer.from(key)
  const keyId = keyIdOf(secret)
  const chainKey = createHmac('sha256', secret).update(CHAIN_KEY_LABEL).digest()
  return {
    id: AES_CODEC_ID,
    encodeEmbedding: (embedding, recordId) => seal(secret, keyId, float32ToBytes(embedding), 'embedding', recordId).toString('base64'),
    decodeEmbedding: (stored, recordId) => bytesToFloat32(open(secret, keyId, fromBase64(stored, 'embedding'), 'embedding', recordId)),
    encodeImage: (jpeg, recordId) => seal(secret, keyId, jpeg, 'image', recordId).toString('base64'),
    decodeImage: (stored, recordId) => new Uint8Array(open(secret, keyId, fromBase64(stored, 'image'), 'image', recordId)),
    sealFile: (bytes, recordId) => new Uint8Array(seal(secret, keyId, bytes, 'file', recordId)),
    openFile: (stored, recordId) => new Uint8Array(open(secret, keyId, stored, 'file', recordId)),
    isBound: (stored) => isBoundValue(typeof stored === 'string' ? (isBase64(stored) ? Buffer.from(stored, 'base64') : new Uint8Array()) : stored),
    sealSecret: (plain, context) => seal(secret, keyId, plain, `secret:${context}`).toString('base64'),
    openSecret: (stored, context) => new Uint8Array(open(secret, keyId, fromBase64(stored, 'secret'), `secret:${context}`)),
    chainDigest: (text) => createHmac('sha256', chainKey).update(text, 'utf8').digest('base64url')
  }
}
