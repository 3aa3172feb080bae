/** LFW View-2 pairs.txt parsing and image paths (lfw-dev layout of ../shared/faces). */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../../shared/errors'

export interface LfwPair {
  fold: number
  same: boolean
  a: string
  b: string
}

export function lfwImagePath(lfwDir: string, name: string, index: number): string {
  return join(lfwDir, 'images', name, `${name}_${String(index).padStart(4, '0')}.jpg`)
}

/** Folds of `pairs.txt`: header "folds\tn", then per fold n same-person and n different-person lines. */
export function readLfwPairs(lfwDir: string): LfwPair[] {
  const lines = readFileSync(join(lfwDir, 'pairs.txt'), 'utf8').trim().split(/\r?\n/)
  const [folds, perSide] = lines[0].split(/\s+/).map(Number)
  const pairs: LfwPair[] = []
  let line = 1
  for (let fold = 0; fold < folds; fold++) {
    for (let k = 0; k < 2 * perSide; k++, line++) {
      const f = lines[line].split('\t')
      if (f.length === 3) {
        pairs.push({ fold, same: true, a: lfwImagePath(lfwDir, f[0], +f[1]), b: lfwImagePath(lfwDir, f[0], +f[2]) })
      } else if (f.length === 4) {
        pairs.push({ fold, same: false, a: lfwImagePath(lfwDir, f[0], +f[1]), b: lfwImagePath(lfwDir, f[2], +f[3]) })
      } else {
        throw new AppError('INVALID_PAYLOAD', `pairs.txt line ${line + 1} is malformed: expected "name i j" or "name1 i name2 j" separated by tabs`)
      }
    }
  }
  return pairs
}

/** Fold count of a pairs list. */
export function foldCount(pairs: LfwPair[]): number {
  return Math.max(...pairs.map((p) => p.fold)) + 1
}
