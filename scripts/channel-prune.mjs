// Removes the dead channels of a model's conv chains (the inverse of channel-pad.mjs).
//
// Why: fr_feature (a MobileFaceNet) was trained into many dead channels. In its 14x14 blocks, 103 to
// 167 of the 256 expansion channels are read by the projection conv with weights all below 1e-12 (most
// exactly 0 once the tiny weights are flushed), yet onnxruntime computes them: about a third of the
// model's multiply-adds produce values that are then multiplied by zero.
//
// The rewrite, per chain Conv (C outputs, group 1) -> [PRelu | depthwise Conv (group C)]... ->
// Conv (C inputs, group 1), each tensor consumed by the next node only: channel c is dead when every
// weight with which the last conv reads it has |w| < deadBelow. Dead channels are dropped from the
// first conv's filters and bias, the PRelu slopes, the depthwise filters and bias, and the last conv's
// inputs. A channel feeds nothing but the last conv, so each output changes by at most
// deadBelow x |that channel's value| per dropped channel (with deadBelow 1e-12, far below float32's
// rounding of the sums), plus the order of float additions. The kept count is rounded up to a multiple
// of `multiple` (the least dead channels are kept back), so onnxruntime keeps the chain in its blocked
// NCHWc layout; a chain with nothing to drop is left as it is.
import { convChains, withGroup } from './conv-chains.mjs'
import { bytesField, floatTensor, graphParts, ONNX, withGraphFields } from './onnx-wire.mjs'

/** Rows `keep` of `values` laid out as [rows, inner], for each of `outer` leading blocks. */
function pickRows(values, outer, rows, inner, keep) {
  const out = new Float32Array(outer * keep.length * inner)
  let o = 0
  for (let b = 0; b < outer; b++) {
    for (const r of keep) {
      const at = (b * rows + r) * inner
      out.set(values.subarray(at, at + inner), o)
      o += inner
    }
  }
  return out
}

/** The channels a chain keeps: those its last conv reads with some |w| >= deadBelow, topped up to a multiple. */
function keptChannels(lastWeights, channels, deadBelow, multiple) {
  const [outs, ins, kh, kw] = lastWeights.dims
  const k = kh * kw
  const strength = new Float64Array(ins)
  for (let o = 0; o < outs; o++) {
    for (let c = 0; c < ins; c++) {
      for (let j = 0; j < k; j++) strength[c] = Math.max(strength[c], Math.abs(lastWeights.values[(o * ins + c) * k + j]))
    }
  }
  const order = Array.from({ length: channels }, (_, c) => c).sort((a, b) => strength[b] - strength[a] || a - b)
  const live = order.filter((c) => strength[c] >= deadBelow).length
  const count = Math.min(channels, Math.max(multiple, Math.ceil(live / multiple) * multiple))
  return order.slice(0, count).sort((a, b) => a - b)
}

/**
 * Returns { bytes, pruned, channelsBefore, channelsAfter }: the model with the dead channels of every
 * chain dropped (see the top). A conv that is the last of one chain and the first of the next has
 * both its inputs and its outputs pruned.
 */
export function pruneChannels(bytes, { deadBelow, multiple }) {
  if (!(deadBelow > 0 && deadBelow <= 1e-6)) throw new RangeError('deadBelow must be in (0, 1e-6]')
  const buf = Buffer.from(bytes)
  const parts = graphParts(buf)
  const { initializers: inits } = parts
  const G = ONNX.graph
  const inKeep = new Map() // conv node -> kept input channels
  const outKeep = new Map() // node -> kept output channels (conv filters, PRelu slopes, depthwise channels)
  const stats = { pruned: 0, channelsBefore: 0, channelsAfter: 0 }
  for (const chain of convChains(buf, parts)) {
    const lw = chain.ownWeight(chain.last, 1)
    const keep = keptChannels(lw, chain.channels, deadBelow, multiple)
    if (keep.length === chain.channels) continue
    inKeep.set(chain.last, keep)
    for (const n of [chain.first, ...chain.mids]) outKeep.set(n, keep)
    stats.pruned++
    stats.channelsBefore += chain.channels
    stats.channelsAfter += keep.length
  }
  if (stats.pruned === 0) return { bytes: buf, ...stats }

  const newInits = new Map() // initializer field -> bytes
  const newNodes = new Map() // node field -> bytes
  for (const n of new Set([...inKeep.keys(), ...outKeep.keys()])) {
    const w = inits.get(n.inputs[1])
    const outs = outKeep.get(n)
    if (n.opType === 'PRelu') {
      newInits.set(w.field, floatTensor(w.name, [outs.length, 1, 1], pickRows(w.values, 1, w.dims[0], 1, outs)))
      continue
    }
    const [o, i, kh, kw] = w.dims
    const k = kh * kw
    const ins = inKeep.get(n)
    let values = w.values
    let dims = [o, i, kh, kw]
    if (ins) {
      values = pickRows(values, o, i, k, ins)
      dims = [o, ins.length, kh, kw]
    }
    if (outs) {
      values = pickRows(values, 1, o, dims[1] * k, outs)
      dims = [outs.length, dims[1], kh, kw]
      const b = n.inputs[2] ? inits.get(n.inputs[2]) : null
      if (b) newInits.set(b.field, floatTensor(b.name, [outs.length], pickRows(b.values, 1, o, 1, outs)))
      if (n.group !== 1) newNodes.set(n.field, bytesField(G.node, withGroup(buf, n, outs.length)))
    }
    newInits.set(w.field, floatTensor(w.name, dims, values))
  }
  const replace = (f) => newNodes.get(f) ?? (newInits.has(f) ? bytesField(G.initializer, newInits.get(f)) : undefined)
  return { bytes: withGraphFields(buf, parts, replace), ...stats }
}
