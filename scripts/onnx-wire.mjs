// Just enough of the protobuf wire format to walk and rewrite ONNX files (no protobuf library:
// `npm run models` runs at install time, offline, and must produce the same bytes everywhere).

export const WIRE_VARINT = 0
export const WIRE_FIXED64 = 1
export const WIRE_LEN = 2
export const WIRE_FIXED32 = 5

// ONNX field numbers (onnx.proto).
export const ONNX = {
  model: { graph: 7 },
  graph: { node: 1, initializer: 5, input: 11, output: 12 },
  node: { input: 1, output: 2, name: 3, opType: 4, attribute: 5 },
  attribute: { name: 1, i: 3, t: 5, g: 6, ints: 8, tensors: 10, graphs: 11, type: 20 },
  attributeType: { INT: 2, INTS: 7 },
  tensor: { dims: 1, dataType: 2, floatData: 4, name: 8, rawData: 9, dataLocation: 14 },
  valueInfo: { name: 1 },
  dataType: { FLOAT: 1 },
  dataLocation: { EXTERNAL: 1 }
}

export class OnnxFormatError extends Error {}

export function readVarint(buf, pos) {
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

/**
 * The fields of the message in buf[start, end), in file order: { field, wire, start, end, keyStart }
 * where [start, end) is the value (without its length prefix) and [keyStart, end) the whole field.
 */
export function fieldsOf(buf, start, end) {
  const fields = []
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
    fields.push({ field, wire, start: valueStart, end: valueEnd, keyStart: pos })
    pos = valueEnd
  }
  return fields
}

export const stringOf = (buf, f) => buf.toString('utf8', f.start, f.end)
export const varintOf = (buf, f) => readVarint(buf, f.start)[0]

/** The one graph of a model: its field and its fields. */
export function graphOf(buf) {
  const graphs = fieldsOf(buf, 0, buf.length).filter((f) => f.field === ONNX.model.graph && f.wire === WIRE_LEN)
  if (graphs.length !== 1) throw new OnnxFormatError(`expected one graph in the model, found ${graphs.length}`)
  return { graph: graphs[0], fields: fieldsOf(buf, graphs[0].start, graphs[0].end) }
}

// Encoding (only non-negative integers are ever written).
export function encodeVarint(n) {
  const out = []
  while (n > 127) {
    out.push((n % 128) | 0x80)
    n = Math.floor(n / 128)
  }
  out.push(n)
  return Buffer.from(out)
}
export const varintField = (field, n) => Buffer.concat([encodeVarint(field * 8 + WIRE_VARINT), encodeVarint(n)])
export const bytesField = (field, bytes) => Buffer.concat([encodeVarint(field * 8 + WIRE_LEN), encodeVarint(bytes.length), bytes])
export const stringField = (field, text) => bytesField(field, Buffer.from(text, 'utf8'))

// Parsed views shared by the graph rewrites.

/** A NodeProto: its fields, op type, inputs, outputs, and its `group` attribute (1 when absent). */
export function parseNode(buf, f) {
  const N = ONNX.node
  const fields = fieldsOf(buf, f.start, f.end)
  const pick = (field) => fields.filter((x) => x.field === field && x.wire === WIRE_LEN).map((x) => stringOf(buf, x))
  let group = 1
  for (const a of fields.filter((x) => x.field === N.attribute && x.wire === WIRE_LEN)) {
    const af = fieldsOf(buf, a.start, a.end)
    const name = af.find((x) => x.field === ONNX.attribute.name)
    const i = af.find((x) => x.field === ONNX.attribute.i)
    if (name && stringOf(buf, name) === 'group' && i) group = varintOf(buf, i)
  }
  return { field: f, fields, opType: pick(N.opType)[0] ?? '', inputs: pick(N.input), outputs: pick(N.output), group }
}

/** An initializer: name, dims, whether it is float32, its raw_data field, and its values when those are raw float32. */
export function parseInitializer(buf, f) {
  const T = ONNX.tensor
  const fields = fieldsOf(buf, f.start, f.end)
  const name = fields.find((x) => x.field === T.name)
  const raw = fields.find((x) => x.field === T.rawData && x.wire === WIRE_LEN)
  const dataType = fields.find((x) => x.field === T.dataType)
  const dims = fields.filter((x) => x.field === T.dims).map((x) => varintOf(buf, x))
  const isFloat = dataType !== undefined && varintOf(buf, dataType) === ONNX.dataType.FLOAT
  const count = dims.reduce((a, b) => a * b, 1)
  const values = isFloat && raw && raw.end - raw.start === 4 * count ? new Float32Array(buf.buffer.slice(buf.byteOffset + raw.start, buf.byteOffset + raw.end)) : null
  return { field: f, name: name ? stringOf(buf, name) : '', dims, isFloat, raw, values }
}

/** A float32 TensorProto with raw data: dims, data type, name, raw_data (in that field order). */
export function floatTensor(name, dims, values) {
  const T = ONNX.tensor
  const raw = Buffer.alloc(values.length * 4)
  values.forEach((v, i) => raw.writeFloatLE(v, i * 4))
  return Buffer.concat([
    ...dims.map((d) => varintField(T.dims, d)),
    varintField(T.dataType, ONNX.dataType.FLOAT),
    stringField(T.name, name),
    bytesField(T.rawData, raw)
  ])
}

/** An AttributeProto of type INT (as `group` is). */
export const intAttribute = (name, value) =>
  Buffer.concat([stringField(ONNX.attribute.name, name), varintField(ONNX.attribute.i, value), varintField(ONNX.attribute.type, ONNX.attributeType.INT)])

/** The graph with its nodes and its initializers by name, parsed. */
export function graphParts(buf) {
  const { graph, fields } = graphOf(buf)
  const G = ONNX.graph
  const nodes = fields.filter((f) => f.field === G.node && f.wire === WIRE_LEN).map((f) => parseNode(buf, f))
  const initializers = new Map()
  for (const f of fields) {
    if (f.field !== G.initializer || f.wire !== WIRE_LEN) continue
    const init = parseInitializer(buf, f)
    initializers.set(init.name, init)
  }
  return { graph, fields, nodes, initializers }
}

/**
 * The model with its graph's fields rewritten, in their order: `replace(field)` gives a field's new
 * bytes (key included; an empty buffer drops it) or undefined to keep it; `appended` fields go last.
 */
export function withGraphFields(buf, { graph, fields }, replace, appended = []) {
  const parts = fields.map((f) => replace(f) ?? buf.subarray(f.keyStart, f.end))
  return Buffer.concat([buf.subarray(0, graph.keyStart), bytesField(ONNX.model.graph, Buffer.concat([...parts, ...appended])), buf.subarray(graph.end)])
}
