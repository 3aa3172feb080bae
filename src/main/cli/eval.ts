import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { AppError } from '../../shared/errors'
import { createFaceEngine } from '../engine'
import { evaluateLfw, type LfwEvaluation } from '../engine/eval/lfw'

const pct = (v: number): string => `${(100 * v).toFixed(2)}%`

/** `happy-house eval --lfw DIR`: LFW View-2 verification accuracy of the active face model. */
export async function runLfwEval(lfwDir: string, progress: (text: string) => void): Promise<{ lines: string[]; data: LfwEvaluation }> {
  const dir = resolve(lfwDir)
  if (!existsSync(join(dir, 'pairs.txt'))) {
    throw new AppError('NOT_FOUND', `${dir} has no pairs.txt: point --lfw at a folder with LFW's pairs.txt and images/ (e.g. ../shared/faces/lfw-dev)`)
  }
  const engine = createFaceEngine()
  try {
    const result = await evaluateLfw(engine, dir, {
      onProgress: (done, total) => {
        if (done % 200 === 0 || done === total) progress(`embedded ${done}/${total} images\n`)
      }
    })
    const lines = [
      `LFW: ${result.pairs} pairs in ${result.folds} fold(s), model ${engine.modelId}`,
      `accuracy at the calibrated threshold ${result.threshold}: ${pct(result.accuracyAtThreshold)}`,
      result.kfold ? `${result.folds}-fold accuracy: ${pct(result.kfold.mean)} ± ${pct(result.kfold.std)}` : 'k-fold accuracy: needs at least 2 folds',
      `pairs without a detected face (counted as wrong): ${result.failedPairs}`
    ]
    return { lines, data: result }
  } finally {
    await engine.dispose()
  }
}
