import { request as httpRequest, type RequestOptions } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { isIP, type LookupFunction } from 'node:net'
import { isNonPublicAddress } from '../operator-file'

export interface HttpExchange {
  method: string
  headers: Record<string, string>
  body?: string
  timeoutMs: number
  /** Connect only to public addresses, checked on the address actually connected to (see below). */
  publicOnly: boolean
}

/** Refused by `publicOnly`: the host name resolved to loopback, link-local or a private network. */
export class NonPublicAddressError extends Error {
  readonly code = 'ENONPUBLIC'
}

type AllAddressesCallback = (error: null, addresses: LookupAddress[]) => void

/**
 * Resolves like the system does, then refuses a non-public address. Checked here, at connection
 * time, and not only when the URL was saved: a host name can be made to resolve to 127.0.0.1 or
 * the LAN later (DNS rebinding) to reach the kiosk's own services through its webhook.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0)
    const refused = addresses.find((a) => isNonPublicAddress(a.address))
    if (refused || addresses.length === 0) {
      return callback(new NonPublicAddressError(`${hostname} resolves to a non-public address`), '', 0)
    }
    // net.connect asks with all: true (happy eyeballs); @types/node only types the one-address callback.
    if (options.all) return (callback as unknown as AllAddressesCallback)(null, addresses)
    return callback(null, addresses[0]!.address, addresses[0]!.family)
  })
}

/**
 * One HTTP exchange with node:http(s) (not fetch: only node:http lets the driver check the address
 * it connects to). Redirects are not followed. The timeout covers the whole exchange, body included.
 */
export function exchange(url: string, x: HttpExchange): Promise<{ status: number; text: string }> {
  const target = new URL(url)
  // An address in the URL itself is never looked up: check it here.
  const literal = target.hostname.replace(/^\[|\]$/g, '')
  if (x.publicOnly && isIP(literal) !== 0 && isNonPublicAddress(literal)) {
    return Promise.reject(new NonPublicAddressError(`${literal} is a non-public address`))
  }
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest
  const options: RequestOptions = {
    method: x.method,
    headers: x.body === undefined ? x.headers : { ...x.headers, 'Content-Length': Buffer.byteLength(x.body).toString() },
    signal: AbortSignal.timeout(x.timeoutMs),
    ...(x.publicOnly ? { lookup: publicOnlyLookup } : {})
  }
  return new Promise((resolve, reject) => {
    const req = send(target, options, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(x.body)
  })
}
