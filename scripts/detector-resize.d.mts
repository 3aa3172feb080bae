import type { PriorRule, ResizeInput } from './prepare-model.mjs'
export declare function detectorPriors(
  width: number,
  height: number,
  strides: number[],
  minBoxes: number[][],
  centres?: 'feature-map' | 'stride'
): [Float32Array, Float32Array]
export declare function resizeDetector(bytes: Uint8Array, resize: ResizeInput & PriorRule): { bytes: Buffer; anchors: [number, number] }
