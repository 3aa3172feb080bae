// The conv chains that the channel rewrites (channel-pad.mjs, channel-prune.mjs) work on.
import { bytesField, fieldsOf, intAttribute, ONNX, stringOf, WIRE_LEN } from './onnx-wire.mjs'

const N = ONNX.node

/** The node with its `group` attribute set to `group` (every other field as it was). */
export function withGroup(buf, node, group) {
  const parts = node.fields.map((x) => {
    if (x.field !== N.attribute || x.wire !== WIRE_LEN) return buf.subarray(x.keyStart, x.end)
    const name = fieldsOf(buf, x.start, x.end).find((a) => a.field === ONNX.attribute.name)
    if (!name || stringOf(buf, name) !== 'group') return buf.subarray(x.keyStart, x.end)
    return bytesField(N.attribute, intAttribute('group', group))
  })
  return Buffer.concat(parts)
}

/**
 * Every conv chain of the graph: { first, mids, last, channels, ownWeight }, where `first` is a group-1 Conv
 * with `channels` outputs, `mids` the PRelu and depthwise Convs after it, `last` the group-1 Conv
 * that reads those channels. Every tensor on the way has one consumer and is not a graph output,
 * and every weight belongs to its node alone. Each chain also carries `ownWeight(node, k)`: the
 * node's k-th input as a parsed initializer when that node alone reads it, else null. Shared by the
 * padding and the pruning rewrites.
 */
export function convChains(buf, { fields, nodes, initializers }) {
  const uses = new Map()
  for (const n of nodes) for (const i of n.inputs) uses.set(i, [...(uses.get(i) ?? []), n])
  const graphOutputs = new Set(
    fields
      .filter((f) => f.field === ONNX.graph.output && f.wire === WIRE_LEN)
      .map((f) => stringOf(buf, fieldsOf(buf, f.start, f.end).find((x) => x.field === ONNX.valueInfo.name)))
  )
  const ownWeight = (n, k) => {
    const w = initializers.get(n.inputs[k])
    return w?.values && uses.get(n.inputs[k])?.length === 1 ? w : null
  }
  const chains = []
  for (const first of nodes) {
    const w = first.opType === 'Conv' && first.group === 1 ? ownWeight(first, 1) : null
    if (!w || w.dims.length !== 4) continue
    const c = w.dims[0]
    const mids = []
    let t = first.outputs[0]
    let last = null
    for (;;) {
      const next = uses.get(t)
      if (graphOutputs.has(t) || next?.length !== 1) break
      const n = next[0]
      const nw = ownWeight(n, 1)
      if (n.opType === 'PRelu' && nw?.dims.join() === `${c},1,1`) mids.push(n)
      else if (n.opType === 'Conv' && n.group === c && nw?.dims.length === 4 && nw.dims[0] === c && nw.dims[1] === 1) mids.push(n)
      else {
        if (n.opType === 'Conv' && n.group === 1 && nw?.dims.length === 4 && nw.dims[1] === c) last = n
        break
      }
      t = n.outputs[0]
    }
    // Biases must be the node's own too, since they are rewritten with the weights.
    const biasOk = (n) => n.opType !== 'Conv' || !n.inputs[2] || ownWeight(n, 2) !== null
    if (last && [first, ...mids].every(biasOk)) chains.push({ first, mids, last, channels: c, ownWeight })
  }
  return chains
}
