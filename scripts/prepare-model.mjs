// Derives the "prepared" model the engine loads from a pinned original ONNX file: every float32
// weight with |w| below a threshold is set to +0.
//
// Why: fr_feature.onnx carries thousands of denormal float32 weights (and >100k below 1e-30, whose
// products with activations underflow into denormals). Intel CPUs take a microcode assist per
// denormal operand or result, which made the embedding 3-4x slower; onnxruntime's
// set_denormal_as_zero only covers its pool threads, not a 1-thread session.
//
// How: a minimal protobuf walk over ModelProto -> GraphProto -> TensorProto (initializers and
// Constant-node / subgraph tensors) that only locates the float32 payloads (raw_data or packed
// float_data). Zeroing a value keeps its 4 bytes, so the file is patched in place: every other
// byte, field order and unknown field stays exactly as in the original, and the output is
// byte-deterministic on every machine (no re-serialisation, no protobuf library).
//
// Optionally (rewritePrelu) each per-channel PRelu after a 2-D Conv is rewritten into ops that
// onnxruntime runs in its blocked NCHWc layout (see prelu-rewrite.mjs): onnxruntime has no fused
// PRelu, and its PRelu kernel plus the layout reorders around it took over half of fr_feature's time.
//
// Optionally (pruneChannels) the dead channels of conv chains, those the next conv reads with weights
// all below deadBelow, are dropped (see channel-prune.mjs): a third of fr_feature's multiply-adds
// computed channels that were then multiplied by zero.
//
// Optionally (padChannelsTo) odd channel counts of inverted-residual blocks are padded with zero
// channels to a multiple of that number (see channel-pad.mjs), so onnxruntime keeps those blocks in
// NCHWc: fr_liveness's 103/13/231/52/26-channel blocks ran in plain NCHW between reorders.
//
// Optionally (resizeInput, the detector) the model is re-targeted to a smaller input size (see
// detector-resize.mjs): a quarter of the pixels at 160x120 (measured, not in the default manifest).

import { padChannels } from './channel-pad.mjs'
import { pruneChannels } from './channel-prune.mjs'
import { resizeDetector } from './detector-resize.mjs'
import { rewritePreluAsConv } from './prelu-rewrite.mjs'
import { fieldsOf, graphOf, ONNX, OnnxFormatError, readVarint, WIRE_FIXED32, WIRE_LEN, WIRE_VARINT } from './onnx-wire.mjs'

/** Smallest positive normal float32: below it a value is denormal. */
export const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38

/** Byte ranges of the float32 payloads of one TensorProto (empty unless data_type is FLOAT). */
function tensorFloatRanges(buf, start, end) {
  const T = ONNX.tensor
  let dataType = 0
  let external = false
  const ranges = []
  for (const f of fieldsOf(buf, start, end)) {
    if (f.field === T.dataType && f.wire === WIRE_VARINT) dataType = readVarint(buf, f.start)[0]
    else if (f.field === T.dataLocation && f.wire === WIRE_VARINT) external = readVarint(buf, f.start)[0] === ONNX.dataLocation.EXTERNAL
    else if ((f.field === T.rawData || f.field === T.floatData) && (f.wire === WIRE_LEN || f.wire === WIRE_FIXED32)) ranges.push([f.start, f.end])
  }
  if (external) throw new OnnxFormatError('tensors with external data are not supported')
  return dataType === ONNX.dataType.FLOAT ? ranges : []
}

function graphFloatRanges(buf, graphFields, out) {
  const A = ONNX.attribute
  for (const g of graphFields) {
    if (g.wire !== WIRE_LEN) continue
    if (g.field === ONNX.graph.initializer) out.push(...tensorFloatRanges(buf, g.start, g.end))
    if (g.field !== ONNX.graph.node) continue
    for (const n of fieldsOf(buf, g.start, g.end)) {
      if (n.field !== ONNX.node.attribute || n.wire !== WIRE_LEN) continue
      for (const a of fieldsOf(buf, n.start, n.end)) {
        if (a.wire !== WIRE_LEN) continue
        if (a.field === A.t || a.field === A.tensors) out.push(...tensorFloatRanges(buf, a.start, a.end))
        else if (a.field === A.g || a.field === A.graphs) graphFloatRanges(buf, fieldsOf(buf, a.start, a.end), out)
      }
    }
  }
}

/**
 * Returns a copy of the ONNX model `bytes` with every float32 weight of magnitude below `flushBelow`
 * (and every denormal) set to +0, and counts of what changed.
 */
export function flushTinyWeights(bytes, flushBelow) {
  if (!(flushBelow >= FLOAT32_MIN_NORMAL)) throw new RangeError(`flushBelow must be >= ${FLOAT32_MIN_NORMAL} (the denormal limit)`)
  const buf = Buffer.from(bytes)
  const ranges = []
  graphFloatRanges(buf, graphOf(buf).fields, ranges)
  const stats = { weights: 0, denormal: 0, flushed: 0 }
  for (const [s, e] of ranges) {
    if ((e - s) % 4 !== 0) throw new OnnxFormatError('float32 payload length is not a multiple of 4')
    for (let p = s; p < e; p += 4) {
      const bits = buf.readUInt32LE(p)
      const magnitude = bits & 0x7fffffff
      stats.weights++
      if (magnitude === 0) continue
      const exponent = magnitude >>> 23
      if (exponent === 0xff) continue // inf / NaN: leave alone
      const isDenormal = exponent === 0
      if (isDenormal || Math.abs(buf.readFloatLE(p)) < flushBelow) {
        if (isDenormal) stats.denormal++
        stats.flushed++
        buf.writeUInt32LE(0, p)
      }
    }
  }
  return { bytes: buf, stats }
}

/**
 * The prepared files a model derives: its own, then (with `withoutAvx512`) a second one for CPUs
 * without AVX-512, the same derivation with the dead channels' kept counts rounded to
 * `pruneMultiple` instead: onnxruntime's NCHWc block is 16 floats with AVX-512 and 8 without, so
 * there a multiple of 8 keeps the blocked layout with fewer channels (README, Prepared models).
 */
export function preparedFiles(prepared) {
  const { withoutAvx512, ...own } = prepared
  if (!withoutAvx512) return [own]
  if (!own.pruneChannels) throw new RangeError('withoutAvx512 re-rounds pruneChannels, which this model does not have')
  const { file, sha256, pruneMultiple } = withoutAvx512
  return [own, { ...own, file, sha256, pruneChannels: { ...own.pruneChannels, multiple: pruneMultiple } }]
}

/**
 * The prepared model: tiny weights flushed (always), then dead channels pruned, channels padded, PRelu
 * rewritten, and (a detector) re-targeted to another input size, each when asked.
 * `options`: { flushAbsBelow: number, rewritePrelu: boolean, pruneChannels?: { deadBelow, multiple }, padChannelsTo?: number, resizeInput?: { width, height, centres } };
 * `priors`: the detector's prior rule { strides, minBoxes } (the manifest's `priors`), needed with resizeInput.
 */
export function prepareModel(bytes, options, priors) {
  const flushed = flushTinyWeights(bytes, options.flushAbsBelow)
  const pruned = options.pruneChannels ? pruneChannels(flushed.bytes, options.pruneChannels) : { bytes: flushed.bytes, pruned: 0, channelsBefore: 0, channelsAfter: 0 }
  const padded = options.padChannelsTo ? padChannels(pruned.bytes, options.padChannelsTo) : { bytes: pruned.bytes, padded: 0 }
  const rewritten = options.rewritePrelu ? rewritePreluAsConv(padded.bytes) : { bytes: padded.bytes, rewritten: 0 }
  if (options.resizeInput && !priors) throw new RangeError('resizeInput needs the detector\'s prior rule')
  const resized = options.resizeInput ? resizeDetector(rewritten.bytes, { ...priors, ...options.resizeInput }) : { bytes: rewritten.bytes, anchors: null }
  return {
    bytes: resized.bytes,
    stats: {
      ...flushed.stats,
      chainsPruned: pruned.pruned,
      channelsPruned: [pruned.channelsBefore, pruned.channelsAfter],
      chainsPadded: padded.padded,
      preluRewritten: rewritten.rewritten,
      anchors: resized.anchors
    }
  }
}
