import { watToolMissing, watToWasm } from '../../scripts/wat.mjs'
import { wasm, type WasmMemory } from '../../src/main/engine/gallery-scan'
import { summarize } from './timing'

/** A v128 load + add loop, four accumulators: the fastest one thread reads memory from WebAssembly. */
const STREAM_WAT = `(module
  (memory (export "memory") 1)
  (func (export "stream") (param $p i32) (param $end i32) (result i32)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (loop $l
      (local.set $a (i32x4.add (local.get $a) (v128.load (local.get $p))))
      (local.set $b (i32x4.add (local.get $b) (v128.load offset=16 (local.get $p))))
      (local.set $c (i32x4.add (local.get $c) (v128.load offset=32 (local.get $p))))
      (local.set $d (i32x4.add (local.get $d) (v128.load offset=48 (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 64)))
      (br_if $l (i32.lt_u (local.get $p) (local.get $end))))
    (local.set $a (i32x4.add (i32x4.add (local.get $a) (local.get $b)) (i32x4.add (local.get $c) (local.get $d))))
    (i32.add (i32x4.extract_lane 0 (local.get $a)) (i32x4.extract_lane 1 (local.get $a)))))`

export interface StreamProbe {
  /** Reads `bytes` once (from offset 0) and returns the wall ms. */
  read(bytes: number): number
}

/**
 * Single-thread streaming read of a WebAssembly memory of `maxBytes`, to tell whether a scan is
 * memory-bound: null (with the reason printed) when wat2wasm is not installed.
 */
export function streamProbe(maxBytes: number): StreamProbe | null {
  const missing = watToolMissing()
  if (missing) {
    console.log(`memory stream probe skipped: ${missing}`)
    return null
  }
  const exports = new wasm.Instance(new wasm.Module(watToWasm({ source: STREAM_WAT })), {}).exports
  const memory = exports.memory as WasmMemory
  memory.grow(Math.ceil(maxBytes / 65536))
  new Uint8Array(memory.buffer).fill(1)
  const stream = exports.stream as (p: number, end: number) => number
  return {
    read(bytes) {
      const t0 = performance.now()
      stream(0, bytes)
      return performance.now() - t0
    }
  }
}

/** Median GB/s of `runs` reads of `bytes`. */
export function streamRate(probe: StreamProbe, bytes: number, runs: number): { ms: number; gbps: number } {
  const ms = summarize(Array.from({ length: runs }, () => probe.read(bytes))).median
  return { ms, gbps: bytes / ms / 1e6 }
}
