/**
 * Where the 32-byte biometric key comes from. Main-process code only sees this interface: the key
 * file (browser host, CLI) and Electron's safeStorage-wrapped key (src/main/shell) implement it.
 */
export interface KeyProvider {
  /** Where the key lives, for messages (a path or "OS keychain"), never the key itself. */
  readonly description: string
  /** The existing key, or null when none was created yet. Throws BiometricKeyError when unusable. */
  load(): Promise<Uint8Array | null>
  /** Creates, persists and returns a new key (only called when no encrypted data exists yet). */
  create(): Promise<Uint8Array>
}
