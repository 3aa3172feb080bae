// Re-targets the face detector (Ultra-Light-Fast-Generic-Face-Detector, "RFB") to a smaller input.
//
// Why: the network is fully convolutional, but its graph ends in box decoding against constant
// prior (anchor) tensors made for 320x240, and its input and outputs are declared 320x240 / 4420
// anchors. At 160x120 it does a quarter of the work (and the engine resizes a quarter of the
// pixels into its input), which bench:speed measures; the accuracy this costs is measured by
// bench:accuracy and the detection tests (README, Face engine: used at 160x120 for the first pass over
// camera frames only, because with it for stills two detection tests failed).
//
// How: the priors are regenerated with the detector's own rule (feature map k of a W x H input is
// ceil(W / s_k) x ceil(H / s_k); centre ((i + 0.5) / fw, (j + 0.5) / fh), size (m / W, m / H) for
// each min box m, all clamped to [0, 1]). The rule is checked first: the Constant tensors found in
// the graph must equal the priors it gives for the graph's declared input size, float for float,
// or nothing is rewritten. Then those Constants get the new priors, and the graph input and output
// shapes the new sizes. All other bytes are copied unchanged.
//
// centres 'stride' places cell (i, j) at its true position ((i + 0.5) s_k / W, (j + 0.5) s_k / H)
// instead: where W or H is not a multiple of s_k the feature-map rule moves the cells (120 / 16 =
// 7.5 rows spread over 8), and the network's box offsets, which only see the pixels, land that much
// off (boxes 8 % of their height too high at 160x120 on LFW-dev; 1 % with 'stride').
import { bytesField, fieldsOf, graphOf, ONNX, OnnxFormatError, stringField, stringOf, varintField, varintOf, WIRE_LEN, WIRE_VARINT, withGraphFields } from './onnx-wire.mjs'

const N = ONNX.node
const A = ONNX.attribute
const T = ONNX.tensor
const ATTRIBUTE_TENSOR = 4
// ValueInfoProto.type -> TypeProto.tensor_type -> .shape -> TensorShapeProto.dim -> .dim_value
const VI_TYPE = 2
const TYPE_TENSOR = 1
const TENSOR_SHAPE = 2
const SHAPE_DIM = 1
const DIM_VALUE = 1

/** [centres, sizes] as float32 arrays of [anchors, 2], in the detector's anchor order. */
export function detectorPriors(width, height, strides, minBoxes, centres = 'feature-map') {
  const byStride = centres === 'stride'
  if (!byStride && centres !== 'feature-map') throw new RangeError(`unknown prior centre rule "${centres}"`)
  const xy = []
  const sizes = []
  const clamp = (v) => Math.min(1, Math.max(0, v))
  strides.forEach((stride, k) => {
    const fw = Math.ceil(width / stride)
    const fh = Math.ceil(height / stride)
    for (let j = 0; j < fh; j++) {
      for (let i = 0; i < fw; i++) {
        for (const m of minBoxes[k]) {
          if (byStride) xy.push(clamp(((i + 0.5) * stride) / width), clamp(((j + 0.5) * stride) / height))
          else xy.push(clamp((i + 0.5) / fw), clamp((j + 0.5) / fh))
          sizes.push(clamp(m / width), clamp(m / height))
        }
      }
    }
  })
  return [Float32Array.from(xy), Float32Array.from(sizes)]
}

function sameFloats(buf, start, end, expected) {
  if (end - start !== expected.length * 4) return false
  for (let i = 0; i < expected.length; i++) if (buf.readFloatLE(start + 4 * i) !== expected[i]) return false
  return true
}

/** Dims of a graph input/output ValueInfoProto (dim_value, or null for a symbolic dim). */
function valueInfoDims(buf, f) {
  const type = fieldsOf(buf, f.start, f.end).find((x) => x.field === VI_TYPE && x.wire === WIRE_LEN)
  const tensor = type && fieldsOf(buf, type.start, type.end).find((x) => x.field === TYPE_TENSOR && x.wire === WIRE_LEN)
  const shape = tensor && fieldsOf(buf, tensor.start, tensor.end).find((x) => x.field === TENSOR_SHAPE && x.wire === WIRE_LEN)
  if (!shape) return []
  return fieldsOf(buf, shape.start, shape.end)
    .filter((x) => x.field === SHAPE_DIM && x.wire === WIRE_LEN)
    .map((d) => {
      const v = fieldsOf(buf, d.start, d.end).find((x) => x.field === DIM_VALUE && x.wire === WIRE_VARINT)
      return v ? varintOf(buf, v) : null
    })
}

/** Re-encodes a message, passing the sub-message of `field` (wire LEN) through `inner`; other fields are copied. */
function rewriteField(buf, start, end, field, inner) {
  return Buffer.concat(
    fieldsOf(buf, start, end).map((x) => (x.field === field && x.wire === WIRE_LEN ? bytesField(field, inner(x)) : buf.subarray(x.keyStart, x.end)))
  )
}

/** The ValueInfoProto content with its dims replaced by `dims` (same count). */
function withDims(buf, f, dims) {
  let k = 0
  const dim = (d) => rewriteDimValue(buf, d, dims[k++])
  const shape = (s) => rewriteField(buf, s.start, s.end, SHAPE_DIM, dim)
  const tensor = (t) => rewriteField(buf, t.start, t.end, TENSOR_SHAPE, shape)
  const type = (t) => rewriteField(buf, t.start, t.end, TYPE_TENSOR, tensor)
  return rewriteField(buf, f.start, f.end, VI_TYPE, type)
}

function rewriteDimValue(buf, d, value) {
  return Buffer.concat(
    fieldsOf(buf, d.start, d.end).map((x) => (x.field === DIM_VALUE && x.wire === WIRE_VARINT ? varintField(DIM_VALUE, value) : buf.subarray(x.keyStart, x.end)))
  )
}

/** A Constant node's `value` tensor field, when it is float32 with a raw payload. */
function constantTensor(buf, nodeFields) {
  if (nodeFields.find((x) => x.field === N.opType && stringOf(buf, x) === 'Constant') === undefined) return null
  for (const a of nodeFields.filter((x) => x.field === N.attribute && x.wire === WIRE_LEN)) {
    const af = fieldsOf(buf, a.start, a.end)
    const name = af.find((x) => x.field === A.name)
    const t = af.find((x) => x.field === A.t && x.wire === WIRE_LEN)
    if (!name || stringOf(buf, name) !== 'value' || !t) continue
    const tf = fieldsOf(buf, t.start, t.end)
    const dataType = tf.find((x) => x.field === T.dataType)
    const raw = tf.find((x) => x.field === T.rawData && x.wire === WIRE_LEN)
    if (!dataType || varintOf(buf, dataType) !== ONNX.dataType.FLOAT || !raw) return null
    return { attribute: a, tensor: t, tensorFields: tf, dims: tf.filter((x) => x.field === T.dims).map((x) => varintOf(buf, x)), raw }
  }
  return null
}

/** The Constant node with its tensor's dims and payload replaced (name, output, data type kept). */
function replacedConstant(buf, nodeFields, found, values) {
  const raw = Buffer.alloc(values.length * 4)
  values.forEach((v, i) => raw.writeFloatLE(v, 4 * i))
  const tensor = Buffer.concat([
    varintField(T.dims, 1),
    varintField(T.dims, values.length / 2),
    varintField(T.dims, 2),
    ...found.tensorFields.filter((x) => x.field !== T.dims && x.field !== T.rawData).map((x) => buf.subarray(x.keyStart, x.end)),
    bytesField(T.rawData, raw)
  ])
  const attribute = Buffer.concat([stringField(A.name, 'value'), bytesField(A.t, tensor), varintField(A.type, ATTRIBUTE_TENSOR)])
  return Buffer.concat(nodeFields.map((x) => (x === found.attribute ? bytesField(N.attribute, attribute) : buf.subarray(x.keyStart, x.end))))
}

/**
 * Returns { bytes, anchors: [before, after] }: the detector with input [1, 3, height, width].
 * `resize`: { width, height, centres: 'feature-map' | 'stride', strides: number[], minBoxes: number[][] }
 * (the last two: the detector's prior rule, the manifest's `priors`).
 */
export function resizeDetector(bytes, resize) {
  const buf = Buffer.from(bytes)
  const { graph, fields } = graphOf(buf)
  const G = ONNX.graph
  const inputs = fields.filter((f) => f.field === G.input && f.wire === WIRE_LEN)
  if (inputs.length !== 1) throw new OnnxFormatError(`expected one graph input, found ${inputs.length}`)
  const [batch, channels, h0, w0] = valueInfoDims(buf, inputs[0])
  if (!(h0 > 0 && w0 > 0)) throw new OnnxFormatError('the detector input has no fixed height and width')
  const { strides, minBoxes } = resize
  const [centres0, sizes0] = detectorPriors(w0, h0, strides, minBoxes)
  const [centres1, sizes1] = detectorPriors(resize.width, resize.height, strides, minBoxes, resize.centres)
  const before = centres0.length / 2
  const after = centres1.length / 2

  const replaced = new Map()
  const kinds = { centres: 0, sizes: 0 }
  for (const f of fields) {
    if (f.field !== G.node || f.wire !== WIRE_LEN) continue
    const nodeFields = fieldsOf(buf, f.start, f.end)
    const found = constantTensor(buf, nodeFields)
    if (!found || found.dims.join() !== `1,${before},2`) continue
    const { start, end } = found.raw
    const kind = sameFloats(buf, start, end, centres0) ? 'centres' : sameFloats(buf, start, end, sizes0) ? 'sizes' : null
    if (!kind) throw new OnnxFormatError(`a [1,${before},2] constant is neither the priors' centres nor their sizes: the prior rule does not match this model`)
    kinds[kind]++
    replaced.set(f, bytesField(G.node, replacedConstant(buf, nodeFields, found, kind === 'centres' ? centres1 : sizes1)))
  }
  if (kinds.centres === 0 || kinds.sizes === 0) throw new OnnxFormatError('the prior constants were not found in the detector graph')

  const replace = (f) => {
    if (replaced.has(f)) return replaced.get(f)
    if (f === inputs[0]) return bytesField(G.input, withDims(buf, f, [batch, channels, resize.height, resize.width]))
    if (f.field === G.output && f.wire === WIRE_LEN) {
      const dims = valueInfoDims(buf, f).map((d) => (d === before ? after : d))
      return bytesField(G.output, withDims(buf, f, dims))
    }
    return undefined
  }
  return { bytes: withGraphFields(buf, { graph, fields }, replace), anchors: [before, after] }
}
