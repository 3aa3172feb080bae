/**
 * A compact int8 copy of the gallery's rows, scanned with WebAssembly SIMD (gallery-scan.wat), that
 * bounds every row's squared L2 distance to a probe from below and above. The gallery then computes
 * the exact float distance only for the rows whose lower bound can still matter, so identify keeps
 * the exact result of a full float scan at a quarter of the memory traffic and a fraction of the
 * arithmetic (a plain JS float scan of 100k 512-d rows took ~150 ms).
 *
 * Bound: a row v is stored as q / a (q int8, a = 127 / max|v|), the probe p as P / b (P int16).
 * With e = v - q/a and f = p - P/b: |v.p - q.P/(ab)| <= |e||p| + |q/a||f| (Cauchy-Schwarz), and
 * |v - p|^2 = |v|^2 + |p|^2 - 2 v.p, each norm computed exactly in float64.
 */
import { GALLERY_SCAN_WASM_BASE64 } from './gallery-scan-wasm'

const PAGE_BYTES = 65536
/** The probe (int16) lives at 0; rows start after the largest probe supported. */
const PROBE_OFFSET = 0
const ROWS_OFFSET = PAGE_BYTES
const MAX_STRIDE = PAGE_BYTES / 2
/** Rows are padded to a multiple of the 32 values the kernel takes per step. */
const STRIDE_STEP = 32
/** Values kept per row in `meta`. */
const META = 4
/**
 * The kernel scans the rows as 4 streams (one per quarter), so it takes a multiple of 4 rows: rows
 * past the count (inside the capacity, a multiple of 4) are scanned and their output ignored.
 */
const ROW_GROUP = 4
const INT8_MAX = 127
const INT16_MAX = 32767
const INT32_MAX = 2 ** 31 - 1
/**
 * Covers float64 rounding in the norms, in the bound and in the gallery's own float sum (all far
 * below 1e-9 for unit-scale embeddings); only widens the set of rows checked exactly.
 */
const SLACK = 1e-6

type DotsFn = (rows: number, count: number, stride: number, probe: number, out: number) => void

/** The part of the WebAssembly API used here (the main process's TS lib has no DOM typings for it). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}
export interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> }
}
export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly

let compiled: object | undefined
function scanModule(): object {
  compiled ??= new wasm.Module(Buffer.from(GALLERY_SCAN_WASM_BASE64, 'base64'))
  return compiled
}

export class QuantizedRows {
  private readonly memory: WasmMemory
  private readonly dots: DotsFn
  private dim = 0
  private stride = 0
  private capacity = 0
  private count = 0
  /**
   * Per row, interleaved (one stream for the bound loop instead of four): 1/a (q = round(v * a)),
   * |v|^2, 2|v - q/a| and 2|q/a| (the bound's two terms).
   */
  private meta = new Float64Array(0)
  /** Scratch: lower bounds of the rows `candidates` keeps while the cap falls. */
  private candidateLows = new Float64Array(0)

  constructor() {
    const instance = new wasm.Instance(scanModule(), {})
    this.memory = instance.exports.memory as WasmMemory
    this.dots = instance.exports.dots as DotsFn
  }

  get size(): number {
    return this.count
  }

  /** Empties the store and fixes the row length. */
  reset(dim: number): void {
    const stride = Math.ceil(dim / STRIDE_STEP) * STRIDE_STEP
    if (stride > MAX_STRIDE) throw new RangeError(`embeddings longer than ${MAX_STRIDE} values are not supported`)
    this.dim = dim
    this.stride = stride
    this.count = 0
    // The row layout changed: lay the rows out again on the next add (memory is reused).
    this.capacity = 0
  }

  add(v: Float32Array): void {
    this.ensureCapacity(this.count + 1)
    const row = this.count++
    let max = 0
    let normSq = 0
    for (let i = 0; i < this.dim; i++) {
      max = Math.max(max, Math.abs(v[i]))
      normSq += v[i] * v[i]
    }
    const a = max > 0 ? INT8_MAX / max : 1
    const q = new Int8Array(this.memory.buffer, ROWS_OFFSET + row * this.stride, this.stride)
    q.fill(0)
    let errSq = 0
    let qSq = 0
    for (let i = 0; i < this.dim; i++) {
      q[i] = Math.round(v[i] * a)
      const back = q[i] / a
      errSq += (v[i] - back) ** 2
      qSq += back * back
    }
    this.meta.set([1 / a, normSq, 2 * Math.sqrt(errSq), 2 * Math.sqrt(qSq)], row * META)
  }

  /** Moves row `from` to `to` (to < from), for compaction after a removal. */
  move(from: number, to: number): void {
    const bytes = new Int8Array(this.memory.buffer)
    bytes.copyWithin(ROWS_OFFSET + to * this.stride, ROWS_OFFSET + from * this.stride, ROWS_OFFSET + (from + 1) * this.stride)
    this.meta.copyWithin(to * META, from * META, (from + 1) * META)
  }

  truncate(count: number): void {
    this.count = Math.min(this.count, count)
  }

  /**
   * The rows that can be the nearest or the runner-up owner's best row, into rows[0..n) (ascending;
   * `rows` holds at least size entries); returns n. A row qualifies when its lower bound of
   * |row - probe|^2 (as the gallery's float loop computes it) is within the cap: the smallest upper
   * bound among rows of owners other than the one holding the smallest upper bound (that smallest
   * one if all rows share an owner). The cap only falls as rows stream by, so a row above the cap so
   * far is dropped at once, and the few kept are filtered by the final cap: one pass, no per-row array.
   */
  candidates(probe: Float32Array, owners: Int32Array, rows: Int32Array): number {
    let max = 0
    let pSq = 0
    for (let i = 0; i < this.dim; i++) {
      max = Math.max(max, Math.abs(probe[i]))
      pSq += probe[i] * probe[i]
    }
    // Largest int16 scale whose 4-lane int32 sums cannot overflow.
    const limit = Math.min(INT16_MAX, Math.floor(INT32_MAX / (INT8_MAX * this.stride)))
    const b = max > 0 ? limit / max : 1
    const p = new Int16Array(this.memory.buffer, PROBE_OFFSET, this.stride)
    p.fill(0)
    let fSq = 0
    for (let i = 0; i < this.dim; i++) {
      p[i] = Math.round(probe[i] * b)
      fSq += (probe[i] - p[i] / b) ** 2
    }
    const pNorm = Math.sqrt(pSq)
    const fNorm = Math.sqrt(fSq)
    const twoOverB = 2 / b
    const outOffset = ROWS_OFFSET + this.capacity * this.stride
    this.dots(ROWS_OFFSET, roundUp(this.count, ROW_GROUP), this.stride, PROBE_OFFSET, outOffset)
    const dots = new Int32Array(this.memory.buffer, outOffset, this.count)
    const meta = this.meta
    // Smallest upper bound (and its owner), and the smallest among the other owners' rows.
    let first = Infinity
    let firstOwner = -1
    let second = Infinity
    const lows = this.candidateLows
    let n = 0
    for (let r = 0, m = 0; r < this.count; r++, m += META) {
      const estimate = meta[m + 1] + pSq - dots[r] * meta[m] * twoOverB
      const margin = meta[m + 2] * pNorm + meta[m + 3] * fNorm + SLACK
      const lo = estimate - margin
      if (lo > second) continue
      rows[n] = r
      lows[n++] = lo
      const hi = estimate + margin
      if (hi >= second) continue
      const owner = owners[r]
      if (hi < first) {
        if (owner !== firstOwner) second = first
        first = hi
        firstOwner = owner
      } else if (owner !== firstOwner) {
        second = hi
      }
    }
    const cap = second < Infinity ? second : first
    let kept = 0
    for (let i = 0; i < n; i++) if (lows[i] <= cap) rows[kept++] = rows[i]
    return kept
  }

  private ensureCapacity(rows: number): void {
    if (rows <= this.capacity) return
    const capacity = roundUp(Math.max(64, rows, this.capacity * 2), ROW_GROUP)
    // Rows, then the int32 output of one scan.
    const needed = ROWS_OFFSET + capacity * this.stride + capacity * 4
    const pages = Math.ceil(needed / PAGE_BYTES) - this.memory.buffer.byteLength / PAGE_BYTES
    if (pages > 0) this.memory.grow(pages)
    const meta = new Float64Array(capacity * META)
    meta.set(this.meta.subarray(0, this.count * META))
    this.meta = meta
    this.candidateLows = new Float64Array(capacity)
    this.capacity = capacity
  }
}

const roundUp = (n: number, step: number) => Math.ceil(n / step) * step
