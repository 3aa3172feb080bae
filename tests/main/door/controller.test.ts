import { describe, expect, it } from 'vitest'
import { DoorController } from '../../../src/main/door/controller'
import { CommandDriver, SimulatedDriver } from '../../../src/main/door/drivers'
import { systemClock } from '../../../src/main/door/clock'
import { commandDriverSchema, simulatedDriverSchema } from '../../../src/main/door/config'
import type { DoorDriver, DoorStateEvent } from '../../../src/main/door/types'
import { AppError } from '../../../src/shared/errors'
import { ManualClock } from './manual-clock'

const RELOCK_MS = 5000
const HOLD_MS = 3000

function simulated(): DoorDriver {
  return new SimulatedDriver(simulatedDriverSchema.parse({ kind: 'simulated' }))
}

function command(open: string, close?: string, timeoutMs = 2000): DoorDriver {
  return new CommandDriver(
    commandDriverSchema.parse({
      kind: 'command',
      open: { program: open },
      close: close === undefined ? undefined : { program: close },
      timeoutMs
    })
  )
}

function setup(driver: DoorDriver) {
  const clock = new ManualClock()
  const door = new DoorController({ driver, relockMs: RELOCK_MS, failureHoldMs: HOLD_MS, clock })
  const events: DoorStateEvent[] = []
  door.on('state', (e) => events.push(e))
  const advance = (ms: number) => clock.advance(ms, () => door.whenIdle())
  return { clock, door, events, advance, states: () => events.map((e) => e.state) }
}

describe('DoorController state machine', () => {
  it('opens for a grant and relocks after the relock time, not before', async () => {
    const { door, events, advance, states } = setup(simulated())
    expect(door.getState()).toBe('locked')
    const attempt = await door.open({ kind: 'access', residentId: 'kian' })
    expect(attempt.ok).toBe(true)
    expect(attempt.state).toBe('open')
    expect(states()).toEqual(['unlocking', 'open'])
    expect(events[1].trigger).toEqual({ kind: 'access', residentId: 'kian' })
    expect(events[1].outcome?.ok).toBe(true)
    expect(events[1].requestId).toBe(attempt.requestId)

    await advance(RELOCK_MS - 1)
    expect(door.getState()).toBe('open')
    await advance(1)
    expect(states()).toEqual(['unlocking', 'open', 'relocking', 'locked'])
    expect(door.getState()).toBe('locked')
    expect(door.getSnapshot().last?.previous).toBe('relocking')
  })

  it('opens manually for an administrator', async () => {
    const { door, events } = setup(simulated())
    const attempt = await door.openManually('admin')
    expect(attempt.ok).toBe(true)
    expect(door.getState()).toBe('open')
    expect(events.at(-1)?.trigger).toEqual({ kind: 'manual', by: 'admin' })
  })

  it('reports a failing driver and never shows the door open', async () => {
    const { door, events, advance, states } = setup(command('false'))
    const attempt = await door.open({ kind: 'access', residentId: 'kian' })
    expect(attempt.ok).toBe(false)
    expect(attempt.state).toBe('failed')
    expect(attempt.message).toBe('The door did not open: the door program failed (details in the kiosk log)')
    expect(attempt.outcome.code).toBe('exit-code')
    expect(door.getState()).toBe('failed')
    expect(events.at(-1)?.failedAction).toBe('open')
    expect(events.at(-1)?.message).toMatch(/^The door did not open: /)

    await advance(HOLD_MS)
    expect(states()).toEqual(['unlocking', 'failed', 'locked'])
    expect(states()).not.toContain('open')
  })

  it('reports a driver timeout as a failure', async () => {
    const driver = new CommandDriver(
      commandDriverSchema.parse({ kind: 'command', open: { program: 'sleep', args: ['5'] }, timeoutMs: 200 })
    )
    const { door, states } = setup(driver)
    const attempt = await door.open({ kind: 'access', residentId: 'kian' })
    expect(attempt.ok).toBe(false)
    expect(attempt.outcome.code).toBe('timeout')
    expect(attempt.message).toBe('The door did not open: the door program did not finish in time')
    expect(states()).toEqual(['unlocking', 'failed'])
    await door.dispose()
  })

  it('opening an open door actuates again and restarts the relock time', async () => {
    const { door, advance, states } = setup(simulated())
    await door.open({ kind: 'access', residentId: 'kian' })
    await advance(RELOCK_MS - 1000)
    await door.open({ kind: 'access', residentId: 'ana' })
    await advance(RELOCK_MS - 1)
    expect(door.getState()).toBe('open')
    await advance(1)
    expect(door.getState()).toBe('locked')
    expect(states()).toEqual(['unlocking', 'open', 'unlocking', 'open', 'relocking', 'locked'])
  })

  it('serialises concurrent opens', async () => {
    const { door, states } = setup(simulated())
    const [a, b] = await Promise.all([door.openManually('admin'), door.open({ kind: 'access', residentId: 'kian' })])
    expect(a.ok && b.ok).toBe(true)
    expect(a.requestId).not.toBe(b.requestId)
    expect(states()).toEqual(['unlocking', 'open', 'unlocking', 'open'])
  })

  it('relocks now on request', async () => {
    const { door, states } = setup(simulated())
    await door.relockNow()
    expect(states()).toEqual([])
    await door.open({ kind: 'access', residentId: 'kian' })
    await door.relockNow()
    expect(states()).toEqual(['unlocking', 'open', 'relocking', 'locked'])
  })

  it('stays failed and retries when the lock does not relock', async () => {
    const { door, events, advance, states } = setup(command('true', 'false'))
    await door.open({ kind: 'access', residentId: 'kian' })
    await advance(RELOCK_MS)
    expect(door.getState()).toBe('failed')
    expect(events.at(-1)?.failedAction).toBe('close')
    expect(events.at(-1)?.message).toMatch(/^The door did not relock: the door program failed/)
    // The relock belongs to the opening: same trigger, so the log can pair them.
    expect(events.at(-1)?.trigger).toEqual({ kind: 'access', residentId: 'kian' })
    await advance(HOLD_MS)
    expect(states()).toEqual(['unlocking', 'open', 'relocking', 'failed', 'relocking', 'failed'])
    expect(states()).not.toContain('locked')
    await door.dispose()
  })

  it('keeps working when a listener throws', async () => {
    const { door } = setup(simulated())
    door.on('state', () => {
      throw new Error('window closed')
    })
    const attempt = await door.openManually('admin')
    expect(attempt.ok).toBe(true)
    expect(door.getState()).toBe('open')
  })

  it('refuses actions after dispose with a clear AppError', async () => {
    const { door } = setup(simulated())
    await door.dispose()
    expect(() => door.openManually('admin')).toThrow(AppError)
    expect(() => door.openManually('admin')).toThrow(/shut down/)
  })

  it('builds from settings, defaulting to the simulated driver, and rejects bad settings', async () => {
    const door = DoorController.fromConfig({}, new ManualClock())
    expect(door.driverKind).toBe('simulated')
    expect(() => DoorController.fromConfig({ relockMs: -1 })).toThrow(/Invalid door settings at relockMs/)
    expect(() => DoorController.fromConfig({ driver: { kind: 'laser' } })).toThrow(AppError)
    await door.applyConfig({ driver: { kind: 'command', open: { program: 'false' } } })
    expect(door.driverKind).toBe('command')
    const attempt = await door.openManually('admin')
    expect(attempt.ok).toBe(false)
    await door.dispose()
  })

  it('tests the driver without moving the door', async () => {
    const { door, states } = setup(simulated())
    const outcome = await door.testDriver()
    expect(outcome.ok).toBe(true)
    expect(states()).toEqual([])
  })
})

describe('DoorController with real timers', () => {
  it('relocks by itself after a short real relock time', async () => {
    const relockMs = 150
    const door = new DoorController({ driver: simulated(), relockMs, failureHoldMs: relockMs, clock: systemClock })
    const seen: DoorStateEvent[] = []
    const locked = new Promise<DoorStateEvent>((resolve) =>
      door.on('state', (e) => {
        seen.push(e)
        if (e.state === 'locked') resolve(e)
      })
    )
    const started = Date.now()
    await door.open({ kind: 'access', residentId: 'kian' })
    expect(door.getState()).toBe('open')
    const event = await locked
    const openEvent = seen.find((e) => e.state === 'open')!
    expect(event.at - openEvent.at).toBeGreaterThanOrEqual(relockMs - 5)
    expect(Date.now() - started).toBeGreaterThanOrEqual(relockMs - 5)
    expect(seen.map((e) => e.state)).toEqual(['unlocking', 'open', 'relocking', 'locked'])
    await door.dispose()
  })
})
