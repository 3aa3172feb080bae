/**
 * WebSocket wire format shared by the browser host and the renderer's WebSocket client.
 * A message is one binary frame: [u32 JSON length][JSON][u32 length][bytes]... so that camera frames
 * and images travel as raw bytes instead of base64 or number arrays. In the JSON each byte array is
 * replaced by `{ "$bin": index }`.
 */

export type ClientMessage = { t: 'req'; id: number; verb: string; payload: unknown }
export type ServerMessage =
  | { t: 'res'; id: number; result: unknown }
  | { t: 'event'; event: string; payload: unknown }

const BIN_KEY = '$bin'
const LENGTH_BYTES = 4
/** Upper bound on one message: a 4K RGBA frame plus headroom; larger frames are a client bug or an attack. */
export const MAX_WIRE_BYTES = 64 * 1024 * 1024

function extract(value: unknown, attachments: Uint8Array[]): unknown {
  if (value instanceof Uint8Array) {
    attachments.push(value)
    return { [BIN_KEY]: attachments.length - 1 }
  }
  if (Array.isArray(value)) return value.map((v) => extract(v, attachments))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = extract(v, attachments)
    return out
  }
  return value
}

function restore(value: unknown, attachments: Uint8Array[]): unknown {
  if (Array.isArray(value)) return value.map((v) => restore(v, attachments))
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>
    const keys = Object.keys(obj)
    if (keys.length === 1 && keys[0] === BIN_KEY && typeof obj[BIN_KEY] === 'number') {
      const bin = attachments[obj[BIN_KEY]]
      if (!bin) throw new WireError('attachment index out of range')
      return bin
    }
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(obj)) out[k] = restore(v, attachments)
    return out
  }
  return value
}

export class WireError extends Error {}

export function encodeMessage(message: ClientMessage | ServerMessage): Uint8Array {
  const attachments: Uint8Array[] = []
  const json = new TextEncoder().encode(JSON.stringify(extract(message, attachments)))
  const total = LENGTH_BYTES + json.length + attachments.reduce((n, a) => n + LENGTH_BYTES + a.length, 0)
  const out = new Uint8Array(total)
  const view = new DataView(out.buffer)
  let offset = 0
  view.setUint32(offset, json.length, true)
  offset += LENGTH_BYTES
  out.set(json, offset)
  offset += json.length
  for (const a of attachments) {
    view.setUint32(offset, a.length, true)
    offset += LENGTH_BYTES
    out.set(a, offset)
    offset += a.length
  }
  return out
}

/** Parses one frame; throws WireError on anything malformed (the caller answers with a typed error). */
export function decodeMessage(data: Uint8Array): unknown {
  if (data.length > MAX_WIRE_BYTES) throw new WireError('message too large')
  if (data.length < LENGTH_BYTES) throw new WireError('message too short')
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const jsonLength = view.getUint32(0, true)
  if (LENGTH_BYTES + jsonLength > data.length) throw new WireError('truncated header')
  let parsed: unknown
  try {
    parsed = JSON.parse(new TextDecoder().decode(data.subarray(LENGTH_BYTES, LENGTH_BYTES + jsonLength)))
  } catch {
    throw new WireError('header is not JSON')
  }
  const attachments: Uint8Array[] = []
  let offset = LENGTH_BYTES + jsonLength
  while (offset < data.length) {
    if (offset + LENGTH_BYTES > data.length) throw new WireError('truncated attachment length')
    const len = view.getUint32(offset, true)
    offset += LENGTH_BYTES
    if (offset + len > data.length) throw new WireError('truncated attachment')
    attachments.push(data.subarray(offset, offset + len))
    offset += len
  }
  return restore(parsed, attachments)
}
