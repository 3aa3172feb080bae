import { z } from 'zod'

/** Administrator access policy: one validated place for the numbers. */
export const adminConfigSchema = z.object({
  /** scrypt cost parameters (N=2^15, r=8, p=1: ~50 ms on a kiosk CPU, 32 MiB). */
  scrypt: z.object({ N: z.number().int().min(1024), r: z.number().int().min(1), p: z.number().int().min(1), keyLength: z.number().int().min(16), maxmem: z.number().int() }),
  saltBytes: z.number().int().min(16),
  /** Wrong PINs allowed before the admin screens lock. */
  maxAttempts: z.number().int().min(1),
  /** First lockout; doubles with each further lockout, up to the maximum. */
  lockoutBaseMs: z.number().int().min(1000),
  lockoutMaxMs: z.number().int().min(1000),
  /** The lockout count (and so the delay) starts again only after this long without a lockout. */
  lockoutForgetMs: z.number().int().min(1000),
  /** An unlocked admin session ends after this long without use. */
  sessionIdleMs: z.number().int().min(10_000),
  tokenBytes: z.number().int().min(16)
})

export const ADMIN_CONFIG = adminConfigSchema.parse({
  scrypt: { N: 1 << 15, r: 8, p: 1, keyLength: 32, maxmem: 64 * 1024 * 1024 },
  saltBytes: 16,
  maxAttempts: 5,
  lockoutBaseMs: 60_000,
  lockoutMaxMs: 60 * 60_000,
  lockoutForgetMs: 24 * 60 * 60_000,
  sessionIdleMs: 10 * 60_000,
  tokenBytes: 32
})
export type AdminConfig = z.infer<typeof adminConfigSchema>
