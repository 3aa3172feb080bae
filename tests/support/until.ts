const POLL_MS = 50

/** Polls until `check` holds: for effects that arrive when they arrive (events, timers, files), with a deadline generous enough for a loaded machine. */
export async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, POLL_MS))
  }
}
