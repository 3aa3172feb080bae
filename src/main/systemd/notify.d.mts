import type { Logger } from '../log/logger.mjs'

export interface Notifier {
  /** How often to ping systemd's watchdog, or null when no watchdog is asked for. */
  watchdogEveryMs: number | null
  ready(): void
  status(text: string): void
  watchdog(): void
  stopping(): void
}

export function createNotifier(env: Record<string, string | undefined>, log: Pick<Logger, 'warn'>, options?: { anyPid?: boolean }): Notifier
