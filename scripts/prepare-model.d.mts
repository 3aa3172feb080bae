export declare const FLOAT32_MIN_NORMAL: number
export interface FlushStats {
  /** float32 values seen in initializers and constant tensors. */
  weights: number
  /** Of those, denormal ones (all flushed). */
  denormal: number
  /** Values set to 0. */
  flushed: number
}
export declare function flushTinyWeights(bytes: Uint8Array, flushBelow: number): { bytes: Buffer; stats: FlushStats }
