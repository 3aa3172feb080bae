/** After a grant, no new decision for the same resident until the cooldown ends. */
export class CooldownTracker {
  private readonly until = new Map<string, number>()

  start(residentId: string, at: number, cooldownMs: number): void {
    if (cooldownMs > 0) this.until.set(residentId, at + cooldownMs)
  }

  /** End of the resident's cooldown, or null when none is running at `at`. */
  activeUntil(residentId: string, at: number): number | null {
    const end = this.until.get(residentId)
    if (end === undefined) return null
    if (at >= end) {
      this.until.delete(residentId)
      return null
    }
    return end
  }

  /** E.g. when the door did not open: the resident may try again at once. */
  clear(residentId: string): void {
    this.until.delete(residentId)
  }
}
