import { z } from 'zod'

/** Where the biometric key is kept, validated once at import. */
const securityConfigSchema = z.object({
  /** Raw 32-byte key in the data directory (browser host, CLI, Electron without a usable keychain). */
  keyFileName: z.string().min(1),
  /** The same key wrapped by Electron's safeStorage (OS keychain), in the data directory. */
  wrappedKeyFileName: z.string().min(1),
  /** Permission bits of the key files: owner read/write only. */
  keyFileMode: z.number().int().min(0).max(0o777),
  /** Permission bits that must be clear on an existing key file (group and others). */
  forbiddenModeBits: z.number().int().min(0).max(0o777)
})

export type SecurityConfig = z.infer<typeof securityConfigSchema>

export const SECURITY_CONFIG: SecurityConfig = securityConfigSchema.parse({
  keyFileName: 'biometric.key',
  wrappedKeyFileName: 'biometric.key.safe',
  keyFileMode: 0o600,
  forbiddenModeBits: 0o077
})
