// Pads odd channel counts of a model's inverted-residual blocks with zero channels, so that
// onnxruntime keeps them in its blocked NCHWc layout.
//
// Why: onnxruntime's NCHWc convolutions need channel counts that are a multiple of its block (16
// with AVX-512, 8 with AVX2). fr_liveness (a pruned MiniFASNet) has blocks of 103, 13, 231, 52 and
// 26 channels: those ran as plain NCHW convolutions between layout reorders, and its 103-channel
// depthwise conv at 64x64 alone took 0.7 ms.
//
// The rewrite, per chain Conv (C outputs, group 1) -> [PRelu | depthwise Conv (group C)]... ->
// Conv (C inputs, group 1), each tensor consumed by the next node only: the first conv gets zero
// filters (weights and bias 0, so the added channels are exactly 0), PRelu slopes and depthwise
// filters are padded with zeros (0 stays 0 through them), and the last conv reads the added channels
// with zero weights. So every output is what it was, up to the order of float additions.
import { bytesField, fieldsOf, floatTensor, graphParts, intAttribute, ONNX, stringOf, WIRE_LEN } from './onnx-wire.mjs'

const N = ONNX.node

/** `values` laid out as [outer, inner] rows, each row padded from `inner` to `paddedInner` with zeros. */
function padRows(values, outer, inner, paddedInner) {
  const out = new Float32Array(outer * paddedInner)
  for (let o = 0; o < outer; o++) out.set(values.subarray(o * inner, (o + 1) * inner), o * paddedInner)
  return out
}

/** The node with its `group` attribute set to `group` (every other field as it was). */
function withGroup(buf, node, group) {
  const parts = node.fields.map((x) => {
    if (x.field !== N.attribute || x.wire !== WIRE_LEN) return buf.subarray(x.keyStart, x.end)
    const name = fieldsOf(buf, x.start, x.end).find((a) => a.field === ONNX.attribute.name)
    if (!name || stringOf(buf, name) !== 'group') return buf.subarray(x.keyStart, x.end)
    return bytesField(N.attribute, intAttribute('group', group))
  })
  return Buffer.concat(parts)
}

/** Returns { bytes, padded }: the model with every eligible chain padded to a multiple of `multiple` channels. */
export function padChannels(bytes, multiple) {
  const buf = Buffer.from(bytes)
  const { graph, fields, nodes, initializers: inits } = graphParts(buf)
  const G = ONNX.graph
  const uses = new Map()
  for (const n of nodes) for (const i of n.inputs) uses.set(i, [...(uses.get(i) ?? []), n])
  const graphOutputs = new Set(
    fields.filter((f) => f.field === G.output && f.wire === WIRE_LEN).map((f) => stringOf(buf, fieldsOf(buf, f.start, f.end).find((x) => x.field === ONNX.valueInfo.name)))
  )
  // A weight read by one node only can be rewritten for it.
  const ownWeight = (n, k) => {
    const w = inits.get(n.inputs[k])
    return w?.values && uses.get(n.inputs[k])?.length === 1 ? w : null
  }

  const newInits = new Map() // initializer field -> bytes
  const newNodes = new Map() // node field -> bytes
  let padded = 0
  for (const first of nodes) {
    const w = first.opType === 'Conv' && first.group === 1 ? ownWeight(first, 1) : null
    if (!w || w.dims.length !== 4 || w.dims[0] % multiple === 0) continue
    const c = w.dims[0]
    const cp = Math.ceil(c / multiple) * multiple
    // Walk the chain to the conv that reads the C channels.
    const chain = []
    let t = first.outputs[0]
    let last = null
    for (;;) {
      const next = uses.get(t)
      if (graphOutputs.has(t) || next?.length !== 1) break
      const n = next[0]
      const nw = ownWeight(n, 1)
      if (n.opType === 'PRelu' && nw?.dims.join() === `${c},1,1`) chain.push(n)
      else if (n.opType === 'Conv' && n.group === c && nw?.dims.length === 4 && nw.dims[0] === c && nw.dims[1] === 1) chain.push(n)
      else {
        if (n.opType === 'Conv' && n.group === 1 && nw?.dims.length === 4 && nw.dims[1] === c) last = n
        break
      }
      t = n.outputs[0]
    }
    if (!last) continue
    // A conv already rewritten by another chain (say, the last of one and the first of the next) is left alone.
    if ([first, ...chain, last].some((n) => n.inputs.slice(1).some((i) => inits.has(i) && newInits.has(inits.get(i).field)))) continue
    const padBias = (n) => {
      const b = n.inputs[2] ? ownWeight(n, 2) : null
      if (n.inputs[2] && !b) return false
      if (b) newInits.set(b.field, floatTensor(b.name, [cp], padRows(b.values, 1, c, cp)))
      return true
    }
    if (!padBias(first) || !chain.filter((n) => n.opType === 'Conv').every(padBias)) continue
    const perFilter = w.dims[1] * w.dims[2] * w.dims[3]
    newInits.set(w.field, floatTensor(w.name, [cp, ...w.dims.slice(1)], padRows(w.values, 1, c * perFilter, cp * perFilter)))
    for (const n of chain) {
      const nw = ownWeight(n, 1)
      const inner = nw.values.length / c
      newInits.set(nw.field, floatTensor(nw.name, [cp, ...nw.dims.slice(1)], padRows(nw.values, 1, c * inner, cp * inner)))
      if (n.opType === 'Conv') newNodes.set(n.field, bytesField(G.node, withGroup(buf, n, cp)))
    }
    const lw = ownWeight(last, 1)
    const k = lw.dims[2] * lw.dims[3]
    newInits.set(lw.field, floatTensor(lw.name, [lw.dims[0], cp, lw.dims[2], lw.dims[3]], padRows(lw.values, lw.dims[0], c * k, cp * k)))
    padded++
  }
  if (padded === 0) return { bytes: buf, padded }
  const parts = fields.map((f) => newNodes.get(f) ?? (newInits.has(f) ? bytesField(G.initializer, newInits.get(f)) : buf.subarray(f.keyStart, f.end)))
  const newGraph = Buffer.concat(parts)
  return { bytes: Buffer.concat([buf.subarray(0, graph.keyStart), bytesField(ONNX.model.graph, newGraph), buf.subarray(graph.end)]), padded }
}
