import { describe, expect, it } from 'vitest'
import { announceSetupCode } from '../../../src/main/admin/setup-code'

/** A stdout stand-in: a terminal or a pipe (under systemd, the journal). */
function target(isTTY: boolean): { isTTY: boolean; text: string; write(t: string): void } {
  return {
    isTTY,
    text: '',
    write(t: string) {
      this.text += t
    }
  }
}

describe('announceSetupCode', () => {
  const code = '0123456789'
  const path = '/var/lib/happy-house/setup-code'

  it('shows the code on an interactive terminal, with the file it is kept in', () => {
    const out = target(true)
    announceSetupCode(code, path, 'First run', out)
    expect(out.text).toContain(code)
    expect(out.text).toContain(path)
  })

  it('keeps the code out of logs (the journal is readable by more people than the 0600 file)', () => {
    const out = target(false)
    announceSetupCode(code, path, 'First run', out)
    expect(out.text).not.toContain(code)
    expect(out.text).toContain(`sudo cat '${path}'`)
  })
})
