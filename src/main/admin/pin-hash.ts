import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import type { AdminConfig } from './config'

function scrypt(pin: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(pin.normalize('NFKC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)))
  )
}

export interface PinHash {
  /** base64 scrypt output */
  hash: string
  /** base64 per-install salt */
  salt: string
}

export async function hashPin(pin: string, config: AdminConfig): Promise<PinHash> {
  const salt = randomBytes(config.saltBytes)
  const { keyLength, ...options } = config.scrypt
  const key = await scrypt(pin, salt, keyLength, options)
  return { hash: key.toString('base64'), salt: salt.toString('base64') }
}

/** Constant-time comparison of a PIN attempt against the stored hash. */
export async function verifyPin(pin: string, stored: PinHash, config: AdminConfig): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64')
  const { keyLength: _ignored, ...options } = config.scrypt
  const key = await scrypt(pin, Buffer.from(stored.salt, 'base64'), expected.length, options)
  return key.length === expected.length && timingSafeEqual(key, expected)
}
