import { createHash, randomBytes } from 'node:crypto'

/** Who, in the audit trail: a short digest of the session token (tells sessions apart, never reveals it). */
export function sessionActor(token: string): string {
  return `administrator ${createHash('sha256').update(token).digest('hex').slice(0, 8)}`
}
import type { AdminConfig } from './config'

/** Unlocked administrator sessions: random tokens held in memory only, ending after idle time. */
export class AdminSessions {
  private readonly sessions = new Map<string, number>()

  constructor(
    private readonly config: AdminConfig,
    private readonly now: () => number = Date.now
  ) {}

  open(): { token: string; expiresAt: number } {
    const token = randomBytes(this.config.tokenBytes).toString('base64url')
    const expiresAt = this.now() + this.config.sessionIdleMs
    this.sessions.set(token, expiresAt)
    return { token, expiresAt }
  }

  /** True and extended when the token is a live session. */
  touch(token: string): boolean {
    const expiresAt = this.sessions.get(token)
    if (expiresAt === undefined) return false
    if (expiresAt <= this.now()) {
      this.sessions.delete(token)
      return false
    }
    this.sessions.set(token, this.now() + this.config.sessionIdleMs)
    return true
  }

  close(token: string): void {
    this.sessions.delete(token)
  }

  closeAll(): void {
    this.sessions.clear()
  }

  closeAllExcept(token: string): void {
    for (const other of [...this.sessions.keys()]) if (other !== token) this.sessions.delete(other)
  }
}
