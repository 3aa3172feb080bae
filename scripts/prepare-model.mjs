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

const WIRE_VARINT = 0
const WIRE_FIXED64 = 1
const WIRE_LEN = 2
const WIRE_FIXED32 = 5

// ONNX field numbers (onnx.proto3).
const MODEL_GRAPH = 7
const GRAPH_NODE = 1
const GRAPH_INITIALIZER = 5
const NODE_ATTRIBUTE = 5
const ATTR_T = 5
const ATTR_G = 6
const ATTR_TENSORS = 10
const ATTR_GRAPHS = 11
const TENSOR_DATA_TYPE = 2
const TENSOR_FLOAT_DATA = 4
const TENSOR_RAW_DATA = 9
const TENSOR_DATA_LOCATION = 14
const DATA_TYPE_FLOAT = 1
const DATA_LOCATION_EXTERNAL = 1

/** Smallest positive normal float32: below it a value is denormal. */
export const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38

class OnnxFormatError extends Error {}

function readVarint(buf, pos) {
  let value = 0
  let scale = 1
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new OnnxFormatError('truncated varint')
    const b = buf[pos++]
    value += (b & 0x7f) * scale
    if ((b & 0x80) === 0) return [value, pos]
    scale *= 128
  }
  throw new OnnxFormatError('varint too long')
}

/** Calls visit(field, wireType, start, end) for each field of the message in buf[start, end). */
function forEachField(buf, start, end, visit) {
  let pos = start
  while (pos < end) {
    const [key, afterKey] = readVarint(buf, pos)
    const field = Math.floor(key / 8)
    const wire = key & 7
    let valueStart = afterKey
    let valueEnd
    if (wire === WIRE_VARINT) valueEnd = readVarint(buf, afterKey)[1]
    else if (wire === WIRE_FIXED64) valueEnd = afterKey + 8
    else if (wire === WIRE_FIXED32) valueEnd = afterKey + 4
    else if (wire === WIRE_LEN) {
      const [length, afterLength] = readVarint(buf, afterKey)
      valueStart = afterLength
      valueEnd = afterLength + length
    } else throw new OnnxFormatError(`unsupported protobuf wire type ${wire}`)
    if (valueEnd > end) throw new OnnxFormatError('field runs past its message')
    visit(field, wire, valueStart, valueEnd)
    pos = valueEnd
  }
}

/** Byte ranges of the float32 payloads of one TensorProto (empty unless data_type is FLOAT). */
function tensorFloatRanges(buf, start, end) {
  let dataType = 0
  let external = false
  const ranges = []
  forEachField(buf, start, end, (field, wire, s, e) => {
    if (field === TENSOR_DATA_TYPE && wire === WIRE_VARINT) dataType = readVarint(buf, s)[0]
    else if (field === TENSOR_DATA_LOCATION && wire === WIRE_VARINT) external = readVarint(buf, s)[0] === DATA_LOCATION_EXTERNAL
    else if ((field === TENSOR_RAW_DATA || field === TENSOR_FLOAT_DATA) && (wire === WIRE_LEN || wire === WIRE_FIXED32)) ranges.push([s, e])
  })
  if (external) throw new OnnxFormatError('tensors with external data are not supported')
  return dataType === DATA_TYPE_FLOAT ? ranges : []
}

function graphFloatRanges(buf, start, end, out) {
  forEachField(buf, start, end, (field, wire, s, e) => {
    if (wire !== WIRE_LEN) return
    if (field === GRAPH_INITIALIZER) out.push(...tensorFloatRanges(buf, s, e))
    else if (field === GRAPH_NODE) {
      forEachField(buf, s, e, (nf, nw, ns, ne) => {
        if (nf !== NODE_ATTRIBUTE || nw !== WIRE_LEN) return
        forEachField(buf, ns, ne, (af, aw, as, ae) => {
          if (aw !== WIRE_LEN) return
          if (af === ATTR_T || af === ATTR_TENSORS) out.push(...tensorFloatRanges(buf, as, ae))
          else if (af === ATTR_G || af === ATTR_GRAPHS) graphFloatRanges(buf, as, ae, out)
        })
      })
    }
  })
}

/**
 * Returns a copy of the ONNX model `bytes` with every float32 weight of magnitude below `flushBelow`
 * (and every denormal) set to +0, and counts of what changed.
 */
export function flushTinyWeights(bytes, flushBelow) {
  if (!(flushBelow >= FLOAT32_MIN_NORMAL)) throw new RangeError(`flushBelow must be >= ${FLOAT32_MIN_NORMAL} (the denormal limit)`)
  const buf = Buffer.from(bytes)
  const ranges = []
  let graphs = 0
  forEachField(buf, 0, buf.length, (field, wire, s, e) => {
    if (field === MODEL_GRAPH && wire === WIRE_LEN) {
      graphs++
      graphFloatRanges(buf, s, e, ranges)
    }
  })
  if (graphs !== 1) throw new OnnxFormatError(`expected one graph in the model, found ${graphs}`)
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
