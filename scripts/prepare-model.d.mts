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
  /** Conv chains whose dead channels were dropped (scripts/channel-prune.mjs). */
  chainsPruned: number
  /** Those chains' channels before and after. */
  channelsPruned: [number, number]
  /** Conv chains padded to a multiple of padChannelsTo channels (scripts/channel-pad.mjs). */
  chainsPadded: number
  /** PRelu nodes replaced by depthwise 1x1 convs (scripts/prelu-rewrite.mjs). */
  preluRewritten: number
  /** Detector anchors before and after resizeInput, or null without it (scripts/detector-resize.mjs). */
  anchors: [number, number] | null
}
export interface PruneOptions {
  /** A chain's channel is dead when the conv that reads it does so with every |w| below this. */
  deadBelow: number
  /** Kept channels are rounded up to a multiple of this (onnxruntime's NCHWc block). */
  multiple: number
}
export interface ResizeInput {
  width: number
  height: number
  centres: 'feature-map' | 'stride'
}
export interface PriorRule {
  strides: number[]
  minBoxes: number[][]
}
export declare function prepareModel(
  bytes: Uint8Array,
  options: { flushAbsBelow: number; rewritePrelu: boolean; pruneChannels?: PruneOptions; padChannelsTo?: number; resizeInput?: ResizeInput },
  priors?: PriorRule
): { bytes: Buffer; stats: PrepareStats }
export declare function flushTinyWeights(bytes: Uint8Array, flushBelow: number): { bytes: Buffer; stats: FlushStats }
export interface PreparedOptions {
  file: string
  sha256: string
  flushAbsBelow: number
  rewritePrelu: boolean
  pruneChannels?: PruneOptions
  padChannelsTo?: number
  resizeInput?: ResizeInput
  withoutAvx512?: { file: string; sha256: string; pruneMultiple: number }
}
/** The prepared files a model derives: its own, then its variant for CPUs without AVX-512 (without `withoutAvx512`). */
export declare function preparedFiles<P extends PreparedOptions>(prepared: P): Array<Omit<P, 'withoutAvx512'>>
