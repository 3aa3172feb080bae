import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { nearestToCentre } from '../../../bench/lib/embed-set'
import { readLfwPairs } from '../../../bench/lib/lfw'
import { createFaceEngine, l2Distance } from '../../../src/main/engine/index'
import { FACES_DIR, facesAvailable, reportMissingFaces } from '../../support/faces'

const LFW_DIR = join(FACES_DIR, 'lfw-dev')
const MIN_FOLD_ACCURACY = 0.985
const FOLD_TIMEOUT_MS = 600_000

describe.skipIf(!facesAvailable)('LFW-dev fold 1 at the calibrated threshold', () => {
  reportMissingFaces('LFW fold 1 accuracy')
  const engine = createFaceEngine()
  afterAll(() => engine.dispose())

  it(
    `reaches >= ${MIN_FOLD_ACCURACY * 100}% on its 600 pairs (centred face; a pair without a detected face counts as wrong)`,
    async () => {
      const pairs = readLfwPairs(LFW_DIR).filter((p) => p.fold === 0)
      expect(pairs).toHaveLength(600)
      const cache = new Map<string, Float32Array | null>()
      const embed = async (path: string) => {
        if (!cache.has(path)) {
          // LFW's subject is the centred face (the largest is sometimes a bystander).
          const analysis = await engine.analyzeImage(readFileSync(path), { still: true })
          cache.set(path, nearestToCentre(analysis.embedded, analysis.width, analysis.height)?.embedding ?? null)
        }
        return cache.get(path) ?? null
      }
      let correct = 0
      for (const p of pairs) {
        const a = await embed(p.a)
        const b = await embed(p.b)
        if (a && b && l2Distance(a, b) <= engine.thresholds.accuracy === p.same) correct++
      }
      const accuracy = correct / pairs.length
      console.log(`LFW-dev fold 1: ${(100 * accuracy).toFixed(2)}% at threshold ${engine.thresholds.accuracy} (${engine.modelId})`)
      expect(accuracy).toBeGreaterThanOrEqual(MIN_FOLD_ACCURACY)
    },
    FOLD_TIMEOUT_MS
  )
})
