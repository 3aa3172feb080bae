// The browser host as a child of the supervisor: started in its own process group (so a kill takes
// whatever it started too, e.g. a door program), probed over GET /healthz, killed by group.
import { spawn } from 'node:child_process'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { createInterface } from 'node:readline'
import { LOG_LEVEL_ENV } from '../../src/main/log/logger.mjs'

export const HOST_ADDRESS = '127.0.0.1'
export const HEALTH_PATH = '/healthz'
const LAUNCH_FILE_LINE = /^HAPPY_HOUSE_LAUNCH_FILE=(.+)$/

/** A free loopback port, chosen once so every restart serves the same address. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, HOST_ADDRESS, () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** True when the host answered 200 within timeoutMs. */
export function checkHealth(port, timeoutMs) {
  return new Promise((resolve) => {
    const req = request({ host: HOST_ADDRESS, port, path: HEALTH_PATH, method: 'GET', timeout: timeoutMs, agent: false }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode === 200))
      res.on('error', () => resolve(false))
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', () => resolve(false))
    req.end()
  })
}

/**
 * Starts `node hostScript --port P --data D`. Its stdout is passed through line by line (the
 * launch-file announcement is remembered, not interpreted further).
 */
export function startHost({ node, hostScript, port, dataDir, logLevel, env }) {
  const child = spawn(node, [hostScript, '--port', String(port), '--data', dataDir], {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...env, [LOG_LEVEL_ENV]: logLevel }
  })
  const host = {
    child,
    pid: child.pid,
    launchFile: null,
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  }
  child.once('error', () => {})
  createInterface({ input: child.stdout }).on('line', (line) => {
    process.stdout.write(line + '\n')
    const match = LAUNCH_FILE_LINE.exec(line)
    if (match) host.launchFile = match[1]
  })
  return host
}

/** Signals the host's whole process group (it leads its own); a group already gone is fine. */
export function signalGroup(host, signal) {
  try {
    process.kill(-host.pid, signal)
  } catch (e) {
    if (e.code !== 'ESRCH') throw e
  }
}

/** SIGTERM, then SIGKILL after stopTimeoutMs; resolves once the host has exited. */
export async function stopHost(host, stopTimeoutMs) {
  signalGroup(host, 'SIGTERM')
  // A stopped (SIGSTOP) process cannot act on SIGTERM until continued.
  signalGroup(host, 'SIGCONT')
  const timer = setTimeout(() => signalGroup(host, 'SIGKILL'), stopTimeoutMs)
  try {
    return await host.exited
  } finally {
    clearTimeout(timer)
  }
}
