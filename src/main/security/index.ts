/** Public API of biometric key management: encryption at rest for the store. */
export type { KeyProvider } from './key-provider'
export { KeyFileProvider, keyFilePath, wrappedKeyFilePath } from './key-file'
export { WrappedKeyProvider, type KeyWrapper } from './wrapped-key'
export { biometricCodecFor, openEncryptedStore, type OpenEncryptedStoreOptions } from './biometric-store'
export { SECURITY_CONFIG } from './security-config'
