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
import { convChains, withGroup } from './conv-chains.mjs'
import { bytesField, floatTensor, graphParts, ONNX, withGraphFields } from './onnx-wire.mjs'

/** `values` laid out as [outer, inner] rows, each row padded from `inner` to `paddedInner` with zeros. */
function padRows(values, outer, inner, paddedInner) {
  const out = new Float32Array(outer * paddedInner)
  for (let o = 0; o < outer; o++) out.set(values.subarray(o * inner, (o + 1) * inner), o * paddedInner)
  return out
}

/** Returns { bytes, padded }: the model with every eligible chain padded to a multiple of `multiple` channels. */
export function padChannels(bytes, multiple) {
  const buf = Buffer.from(bytes)
  const parts = graphParts(buf)
  const { initializers: inits } = parts
  const G = ONNX.graph
  const newInits = new Map() // initializer field -> bytes
  const newNodes = new Map() // node field -> bytes
  let padded = 0
  for (const { first, mids, last, channels: c, ownWeight } of convChains(buf, parts)) {
    if (c % multiple === 0) continue
    // A conv already rewritten by another chain (say, the last of one and the first of the next) is left alone.
    if ([first, ...mids, last].some((n) => n.inputs.slice(1).some((i) => inits.has(i) && newInits.has(inits.get(i).field)))) continue
    const cp = Math.ceil(c / multiple) * multiple
    for (const n of [first, ...mids.filter((m) => m.opType === 'Conv')]) {
      const b = n.inputs[2] ? ownWeight(n, 2) : null
      if (b) newInits.set(b.field, floatTensor(b.name, [cp], padRows(b.values, 1, c, cp)))
    }
    const w = ownWeight(first, 1)
    const perFilter = w.dims[1] * w.dims[2] * w.dims[3]
    newInits.set(w.field, floatTensor(w.name, [cp, ...w.dims.slice(1)], padRows(w.values, 1, c * perFilter, cp * perFilter)))
    for (const n of mids) {
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
  const replace = (f) => newNodes.get(f) ?? (newInits.has(f) ? bytesField(G.initializer, newInits.get(f)) : undefined)
  return { bytes: withGraphFields(buf, parts, replace), padded }
}
