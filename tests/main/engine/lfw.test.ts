import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { evaluateLfw } from '../../../src/main/engine/eval/lfw'
import { createFaceEngine } from '../../../src/main/engine/index'
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
      const result = await evaluateLfw(engine, LFW_DIR, { folds: [0] })
      expect(result.pairs).toBe(600)
      console.log(
        `LFW-dev fold 1: ${(100 * result.accuracyAtThreshold).toFixed(2)}% at threshold ${result.threshold} (${engine.modelId}), ${result.failedPairs} failed pairs`
      )
      expect(result.accuracyAtThreshold).toBeGreaterThanOrEqual(MIN_FOLD_ACCURACY)
    },
    FOLD_TIMEOUT_MS
  )
})
