import type { BiometricCodec } from './codec'
import type { AccessEvent, DatabaseData } from './schema'

/**
 * The access log's hash chain: every entry carries `chain = digest(previous chain + entry)`, the
 * digest keyed with the biometric key (HMAC) by the encrypting codec. Editing, removing, inserting
 * or reordering an entry without the key breaks the chain from there on; it is checked when the
 * store opens. What the app itself changes in old entries (names erased when a resident is deleted,
 * the oldest entries dropped at the size limit) is re-chained by the app, with the key.
 * Not covered: the snapshot file name (retention clears it) and cutting entries off either end.
 */

/** JSON with sorted keys and no undefined values: the same entry always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

export function chainLink(codec: BiometricCodec, previous: string, event: AccessEvent): string {
  const { chain: _chain, snapshot: _snapshot, ...covered } = event
  return codec.chainDigest(`happy-house-log-v1\n${previous}\n${canonicalJson(covered)}`)
}

/** Re-chains every entry from `data.eventsChainStart` (after a change the app made itself). */
export function rechain(data: DatabaseData, codec: BiometricCodec): void {
  let previous = data.eventsChainStart
  for (const event of data.events) {
    event.chain = chainLink(codec, previous, event)
    previous = event.chain
  }
}

/** The chain value the next appended entry links to. */
export function chainHead(data: DatabaseData): string {
  return data.events.at(-1)?.chain ?? data.eventsChainStart
}

export type ChainCheck =
  | { intact: true; unchained: number }
  | { intact: false; index: number; eventId: string; time: string }

/**
 * Checks the chain. Entries written before the chain existed (no `chain`, all at the start of the
 * log) are reported as `unchained`; an unchained entry after a chained one is a break.
 */
export function checkChain(data: DatabaseData, codec: BiometricCodec): ChainCheck {
  let previous = data.eventsChainStart
  let unchained = 0
  for (const [index, event] of data.events.entries()) {
    if (event.chain === null && index === unchained && data.eventsChainStart === '') {
      unchained += 1
      continue
    }
    if (event.chain === null || event.chain !== chainLink(codec, previous, event)) {
      return { intact: false, index, eventId: event.id, time: event.time }
    }
    previous = event.chain
  }
  return { intact: true, unchained }
}
