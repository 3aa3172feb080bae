export declare const FLOAT32_MIN_NORMAL: number
export interface FlushStats {
  /** float32 values seen in initializers and constant tensors. */
  weights: number
  /** Of those, denormal ones (all flushed). */
  denormal: number
  /** Values set to 0. */
  flushed: number
}
export interface PrepareStats extends FlushStats {
  /** PRelu nodes replaced by depthwise 1x1 convs (scripts/prelu-rewrite.mjs). */
  preluRewritten: number
}
export declare function prepareModel(bytes: Uint8Array, options: { flushAbsBelow: number; rewritePrelu: boolean }): { bytes: Buffer; stats: PrepareStats }
export declare function flushTinyWeights(bytes: Uint8Array, flushBelow: number): { bytes: Buffer; stats: FlushStats }
