/**
 * Lowers the scheduling priority (raises the nice value) of the calling thread only.
 *
 * Why: on a 2-core kiosk running frames as fast as the engine answers, the engine worker keeps one
 * core busy and the main thread (IPC, door, store) competes with it and with anything else for the
 * other; a nicer engine thread lets the main thread run first when both are ready, which is what
 * the event-loop delay target is about. Frames wait for the main thread, never the other way round.
 *
 * Linux only: nice is per thread there, and /proc/thread-self names the calling thread's id, which
 * os.setPriority accepts in place of a process id. Elsewhere (or if /proc is not mounted) nothing
 * changes. Threads this thread starts afterwards inherit its nice value.
 */
import { readlinkSync } from 'node:fs'
import { getPriority, setPriority } from 'node:os'

/** The calling thread's kernel id, or null when the platform does not tell. */
export function currentThreadId(): number | null {
  if (process.platform !== 'linux') return null
  try {
    // "<pid>/task/<tid>"
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    return Number.isInteger(tid) && tid > 0 ? tid : null
  } catch {
    return null
  }
}

/**
 * Raises the calling thread's nice value to `nice`, never lowers it: a kiosk started already niced
 * (or by root) must not get an engine thread that outranks its own main thread. Returns the thread
 * id it applied to, or null when it could not.
 */
export function niceCurrentThread(nice: number): number | null {
  const tid = currentThreadId()
  if (tid === null) return null
  try {
    setPriority(tid, Math.max(nice, getPriority(tid)))
    return tid
  } catch {
    return null
  }
}
