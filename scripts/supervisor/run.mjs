// The supervise loop: start the host, watch /healthz, restart it when it dies or hangs, with back-off.
import { setTimeout as sleep } from 'node:timers/promises'
import { backoffDelay } from './config.mjs'
import { checkHealth, signalGroup, startHost, stopHost } from './host-process.mjs'
import { launchAddress, resolveScreen, startScreen, stopScreen } from './screen.mjs'

/**
 * Watches one host until it exits, hangs (failedChecks checks in a row unanswered after it was
 * healthy) or never becomes healthy within startTimeoutMs. Calls onHealthy once, on its first answer.
 */
async function watch(host, config, isStopping, onHealthy) {
  const startedAt = Date.now()
  let healthy = false
  let missed = 0
  let exited = null
  void host.exited.then((e) => (exited = e))
  while (!isStopping()) {
    // After a missed check the next one goes at once: a hang is found in failedChecks x checkTimeoutMs.
    if (missed === 0) await Promise.race([host.exited, sleep(healthy ? config.checkEveryMs : Math.min(config.checkEveryMs, config.backoffFirstMs))])
    if (exited || isStopping()) break
    const ok = await checkHealth(config.port, config.checkTimeoutMs)
    if (exited) break
    if (ok) {
      missed = 0
      if (!healthy) {
        healthy = true
        onHealthy()
      }
    } else if (healthy && ++missed >= config.failedChecks) {
      return { healthy, reason: 'hung', detail: `${missed} health checks unanswered` }
    } else if (!healthy && Date.now() - startedAt > config.startTimeoutMs) {
      return { healthy, reason: 'start-timeout', detail: `no answer within ${config.startTimeoutMs} ms of starting` }
    }
  }
  if (exited) return { healthy, reason: 'exited', detail: exited.signal ? `signal ${exited.signal}` : `exit status ${exited.code}` }
  return { healthy, reason: 'stopping', detail: '' }
}

export function createSupervisor({ config, node, hostScript, env, log, notifier }) {
  const screenKind = resolveScreen(config.screen, env)
  let stopping = false
  let stopped = null
  let host = null
  let screen = null
  let screenFailures = 0
  const origin = `http://127.0.0.1:${config.port}`

  const showScreen = () => {
    stopScreen(screen)
    if (stopping || !host) return
    const started = Date.now()
    const current = startScreen(screenKind, launchAddress(host, origin), config.dataDir, env, log.child('screen'))
    screen = current
    if (!current) return
    log.info('screen started', { screen: screenKind, pid: current.pid })
    current.once('exit', async (status, signal) => {
      if (stopping || screen !== current) return
      // A screen that ran a while was fine; one that keeps dying backs off like the host does.
      screenFailures = Date.now() - started > config.backoffMaxMs ? 1 : screenFailures + 1
      log.warn('screen exited: restarting it', { exit: status ?? signal, after_ms: backoffDelay(config, screenFailures) })
      await sleep(backoffDelay(config, screenFailures))
      if (!stopping && screen === current) showScreen()
    })
  }

  async function run() {
    let failures = 0
    let everReady = false
    while (!stopping) {
      const delay = backoffDelay(config, failures)
      if (delay) {
        log.info('waiting before the next start', { after_ms: delay, failed_starts: failures })
        await sleep(delay)
        if (stopping) break
      }
      host = startHost({ node, hostScript, port: config.port, dataDir: config.dataDir, logLevel: config.logLevel, env })
      log.info('host started', { pid: host.pid, port: config.port })
      const outcome = await watch(host, config, () => stopping, () => {
        log.info('host healthy', { pid: host.pid })
        if (!everReady) notifier.ready()
        else notifier.status('serving')
        everReady = true
        showScreen()
      })
      if (outcome.reason === 'stopping' || stopping) break
      failures = outcome.healthy ? 0 : failures + 1
      log.warn(`host ${outcome.reason === 'exited' ? 'died' : outcome.reason === 'hung' ? 'hung' : 'did not start'}: restarting it`, { pid: host.pid, reason: outcome.reason, detail: outcome.detail })
      notifier.status(`restarting the host (${outcome.reason})`)
      // Whatever is left of it (a hung host, children it started) goes with its group.
      signalGroup(host, 'SIGKILL')
      await host.exited
    }
    await stopped
  }

  function stop() {
    if (!stopping) {
      stopping = true
      stopped = stopAll()
    }
    return stopped
  }

  async function stopAll() {
    notifier.stopping()
    stopScreen(screen)
    if (host) {
      const status = await stopHost(host, config.stopTimeoutMs)
      log.info('host stopped', { pid: host.pid, exit: status.signal ?? status.code })
    }
  }

  return { run, stop, screenKind }
}
