import { lookup } from 'node:dns/promises'
import { constants } from 'node:fs'
import { open } from 'node:fs/promises'
import { isIP } from 'node:net'
import { isAbsolute, join } from 'node:path'
import { z } from 'zod'
import { commandSpecSchema } from './config'

/**
 * The operator's door file, `<data>/door-commands.json`: what the settings screen may choose among.
 * Programs (and their arguments) of the command driver are declared here, by name; the screen only
 * picks a name. Webhook destinations are restricted to the URL prefixes listed here. The file is
 * edited on the kiosk by its operator (not through the app) and refused when others may write it.
 *
 *   {
 *     "commands": {
 *       "relay": { "open": { "program": "/usr/local/bin/relay", "args": ["on"] },
 *                  "lock": { "program": "/usr/local/bin/relay", "args": ["off"] },
 *                  "test": { "program": "/usr/local/bin/relay", "args": ["status"] },
 *                  "timeoutMs": 5000 }
 *     },
 *     "webhookUrlPrefixes": ["http://192.168.1.20/", "https://ha.example.net/api/"]
 *   }
 */

export const OPERATOR_FILE = 'door-commands.json'
export const COMMAND_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

const absoluteProgram = commandSpecSchema.extend({
  program: z.string().min(1).max(4096).refine(isAbsolute, 'a door program must be an absolute path (no PATH lookup)')
})

const declaredCommandSchema = z
  .object({
    open: absoluteProgram,
    /** Locks that do not relock by themselves: run after the relock time, at start-up and shutdown. */
    lock: absoluteProgram.optional(),
    test: absoluteProgram.optional(),
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000)
  })
  .strict()
export type DeclaredCommand = z.infer<typeof declaredCommandSchema>

const operatorFileSchema = z
  .object({
    commands: z.record(z.string().regex(COMMAND_NAME), declaredCommandSchema).default({}),
    webhookUrlPrefixes: z.array(z.url({ protocol: /^https?$/ }).max(2048)).max(64).default([])
  })
  .strict()

export interface OperatorDoorConfig {
  commands: Record<string, DeclaredCommand>
  /** Normalised (`new URL(prefix).href`), so "http://10.0.0.2" cannot match "http://10.0.0.20". */
  webhookUrlPrefixes: string[]
  /** Why the file was refused (unsafe permissions, invalid JSON...): nothing it says is used then. */
  problem: string | null
  path: string
}

export function emptyOperatorConfig(path = OPERATOR_FILE, problem: string | null = null): OperatorDoorConfig {
  return { commands: {}, webhookUrlPrefixes: [], problem, path }
}

/** Reads and checks the operator file; a missing file declares nothing. Never throws. */
export async function readOperatorFile(dataDir: string): Promise<OperatorDoorConfig> {
  const path = join(dataDir, OPERATOR_FILE)
  let handle
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return emptyOperatorConfig(path)
    return emptyOperatorConfig(path, code === 'ELOOP' ? `${path} is a symbolic link: refused` : `${path} cannot be read (${code})`)
  }
  try {
    const info = await handle.stat()
    if (!info.isFile()) return emptyOperatorConfig(path, `${path} is not a regular file: refused`)
    if (process.platform !== 'win32') {
      const uid = process.getuid?.()
      if (uid !== undefined && info.uid !== uid && info.uid !== 0) return emptyOperatorConfig(path, `${path} belongs to another user (${info.uid}): refused`)
      if ((info.mode & 0o022) !== 0) {
        return emptyOperatorConfig(path, `${path} may be written by group or others (mode ${(info.mode & 0o777).toString(8)}): refused. Fix with: chmod go-w '${path}'`)
      }
    }
    let raw: unknown
    try {
      raw = JSON.parse(await handle.readFile('utf8'))
    } catch {
      return emptyOperatorConfig(path, `${path} is not valid JSON: refused`)
    }
    const parsed = operatorFileSchema.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      return emptyOperatorConfig(path, `${path} is invalid at ${issue.path.map(String).join('.') || '(top)'}: ${issue.message}`)
    }
    return {
      commands: parsed.data.commands,
      webhookUrlPrefixes: parsed.data.webhookUrlPrefixes.map((p) => new URL(p).href),
      problem: null,
      path
    }
  } finally {
    await handle.close()
  }
}

/** Loopback, link-local, private, unique-local, unspecified and similar non-public addresses. */
export function isNonPublicAddress(address: string): boolean {
  const v = isIP(address)
  if (v === 4) {
    const [a, b] = address.split('.').map(Number) as [number, number]
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224
  }
  if (v === 6) {
    const x = address.toLowerCase()
    if (x === '::' || x === '::1') return true
    if (x.startsWith('::ffff:')) return isNonPublicAddress(x.slice(7))
    return /^f[cd]/.test(x) || /^fe[89ab]/.test(x) || x.startsWith('ff')
  }
  return true
}

/**
 * May the webhook driver call `url`? Listed prefixes are the allow-list; with none listed, any
 * public address is allowed, and loopback, link-local and private ones are refused (the kiosk's own
 * services and the LAN are reachable only when the operator lists them). Returns the refusal, or null.
 */
export async function webhookUrlRefusal(url: string, operator: OperatorDoorConfig): Promise<string | null> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'the webhook address is not a URL'
  }
  const where = `${operator.path}`
  if (operator.webhookUrlPrefixes.length > 0) {
    return operator.webhookUrlPrefixes.some((p) => parsed.href.startsWith(p)) ? null : `this webhook address is not among the destinations the operator allows (webhookUrlPrefixes in ${where})`
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '')
  let addresses: string[]
  if (isIP(host)) addresses = [host]
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((a) => a.address)
    } catch {
      return 'the webhook host name does not resolve'
    }
  }
  return addresses.some(isNonPublicAddress) ? `loopback, link-local and private addresses are refused unless the operator lists them (webhookUrlPrefixes in ${where})` : null
}
