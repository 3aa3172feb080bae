import type { FuseV1Config } from '@electron/fuses'

export declare const FUSES: FuseV1Config<boolean>
export interface AfterPackContextLike {
  appOutDir: string
  electronPlatformName: string
  packager: { appInfo: { productFilename: string }; executableName: string }
}
export declare function electronBinaryPath(context: AfterPackContextLike): string
export default function afterPack(context: AfterPackContextLike): Promise<void>
