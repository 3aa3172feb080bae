import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CommandDriver } from '../../../../src/main/door/drivers/command'
import { commandDriverSchema } from '../../../../src/main/door/config'
import type { DriverContext } from '../../../../src/main/door/types'

const ctx: DriverContext = { requestId: 'req-7', trigger: { kind: 'access', residentId: 'kian' }, at: 0 }

function driver(program: string, args: string[] = [], extra: Record<string, unknown> = {}): CommandDriver {
  return new CommandDriver(commandDriverSchema.parse({ kind: 'command', open: { program, args }, ...extra }))
}

describe('CommandDriver with real programs', () => {
  it('succeeds when the program exits 0', async () => {
    const outcome = await driver('true').open(ctx)
    expect(outcome).toMatchObject({ ok: true, driver: 'command', attempts: 1, process: { exitCode: 0, signal: null } })
  })

  it('fails with the exit code when the program exits non-zero', async () => {
    const outcome = await driver('false').open(ctx)
    expect(outcome).toMatchObject({ ok: false, code: 'exit-code', process: { exitCode: 1 } })
    expect(outcome.reason).toBe('false exited with code 1')
  })

  it('kills a program that outlives its timeout', async () => {
    const started = Date.now()
    const outcome = await driver('sleep', ['5'], { timeoutMs: 200 }).open(ctx)
    const elapsed = Date.now() - started
    expect(outcome).toMatchObject({ ok: false, code: 'timeout', process: { signal: 'SIGKILL' } })
    expect(outcome.reason).toBe('sleep did not finish within 200 ms')
    expect(elapsed).toBeGreaterThanOrEqual(190)
    expect(elapsed).toBeLessThan(2000)
  })

  it("kills the program's children too, so a wrapper script cannot hang the door", async () => {
    const started = Date.now()
    const outcome = await driver('sh', ['-c', 'sleep 5; echo done'], { timeoutMs: 200 }).open(ctx)
    expect(outcome.code).toBe('timeout')
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('records the exit code and the end of stderr of a node script', async () => {
    const script = "process.stderr.write('x'.repeat(500) + ' relay busy on /dev/ttyUSB0'); process.exit(3)"
    const outcome = await driver(process.execPath, ['-e', script], { recordChars: 30 }).open(ctx)
    expect(outcome).toMatchObject({ ok: false, code: 'exit-code', process: { exitCode: 3 } })
    expect(outcome.process?.stderr).toBe('…xxx relay busy on /dev/ttyUSB0')
    expect(outcome.reason).toBe(`${process.execPath} exited with code 3: …xxx relay busy on /dev/ttyUSB0`)
  })

  it('passes templated arguments literally, without a shell', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hh-door-'))
    try {
      const out = join(dir, 'args.json')
      const script = 'require("fs").writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)))'
      const d = new CommandDriver(
        commandDriverSchema.parse({
          kind: 'command',
          open: { program: process.execPath, args: ['-e', script, out, '{{residentId}}', '{{trigger}}', '$(touch pwned); {{requestId}}'] }
        })
      )
      const outcome = await d.open({ ...ctx, trigger: { kind: 'access', residentId: 'ana; rm -rf /' } })
      expect(outcome.ok).toBe(true)
      expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(['ana; rm -rf /', 'access', '$(touch pwned); req-7'])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('says which program is missing', async () => {
    const outcome = await driver('/nonexistent/relay-tool').open(ctx)
    expect(outcome).toMatchObject({ ok: false, code: 'spawn-failed' })
    expect(outcome.reason).toBe('program not found: /nonexistent/relay-tool (check the path in the door settings)')
  })

  it('closes and tests with their own commands, or says they are not configured', async () => {
    const bare = driver('true')
    expect(await bare.close(ctx)).toMatchObject({ ok: true, attempts: 0 })
    expect(await bare.test()).toMatchObject({ ok: false, code: 'not-configured' })
    const full = new CommandDriver(
      commandDriverSchema.parse({ kind: 'command', open: { program: 'true' }, close: { program: 'false' }, test: { program: 'true' } })
    )
    expect(await full.close(ctx)).toMatchObject({ ok: false, code: 'exit-code' })
    expect(await full.test()).toMatchObject({ ok: true })
  })
})
