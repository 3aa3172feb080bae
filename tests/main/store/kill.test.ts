import { describe, expect, it } from 'vitest'
import { runKillScenario } from '../../support/kill-scenario'
import { tempDataDir } from '../../support/store-fixtures'

const KILLS = 50

describe('SIGKILL during writes', () => {
  it(`a child killed ${KILLS} times at random moments never leaves a broken or incomplete database`, async () => {
    const { dir, cleanup } = await tempDataDir('hh-kill-')
    try {
      const result = await runKillScenario({ dataDir: `${dir}/data`, iterations: KILLS })
      console.log(
        `kill test: ${result.iterations} kills, ${result.ackedOperations} acknowledged writes, ` +
          `${result.killsMidOperation} mid-operation, ${result.killsWithTempFile} inside a write (temp file left), ` +
          `${result.killsDuringOpen} while opening the store`
      )
      expect(result.failures).toEqual([])
      expect(result.iterations).toBe(KILLS)
      // The scenario must really have exercised writes and in-flight kills.
      expect(result.ackedOperations).toBeGreaterThan(KILLS)
      expect(result.killsMidOperation).toBeGreaterThan(KILLS / 2)
    } finally {
      await cleanup()
    }
  }, 240_000)
})
