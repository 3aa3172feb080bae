import { readFile } from 'node:fs/promises'
import type { Box, FaceEngine } from '../types'
import { l2Distance } from '../distance'
import { foldCount, readLfwPairs, type LfwPair } from './lfw-pairs'
import { kFoldAccuracy, type KFoldResult, type ScoredPair } from './stats'

/** The detection whose box centre is closest to the image centre (LFW's subject; the largest face is sometimes a bystander). */
export function nearestToCentre<T extends { box: Box }>(faces: T[], width: number, height: number): T | undefined {
  const off = (f: T) => Math.hypot(f.box.x + f.box.width / 2 - width / 2, f.box.y + f.box.height / 2 - height / 2)
  return [...faces].sort((a, b) => off(a) - off(b))[0]
}

export interface LfwEvaluation {
  pairs: number
  folds: number
  /** Pairs where an image had no detected face: counted as wrong, never skipped. */
  failedPairs: number
  /** Accuracy at the engine's calibrated threshold. */
  accuracyAtThreshold: number
  threshold: number
  /** Threshold chosen on the other folds, scored on each fold (null with fewer than 2 folds). */
  kfold: KFoldResult | null
}

/**
 * LFW View-2 verification of an engine on a pairs.txt folder (the `lfw-dev` layout): every image is
 * embedded once (still-image mode, centred face), each pair scored by L2 distance.
 */
export async function evaluateLfw(
  engine: FaceEngine,
  lfwDir: string,
  opts: { folds?: number[]; onProgress?: (done: number, total: number) => void } = {}
): Promise<LfwEvaluation> {
  const all = readLfwPairs(lfwDir)
  const pairs: LfwPair[] = opts.folds ? all.filter((p) => opts.folds!.includes(p.fold)) : all
  const paths = [...new Set(pairs.flatMap((p) => [p.a, p.b]))]
  const embeddings = new Map<string, Float32Array | null>()
  for (const path of paths) {
    const analysis = await engine.analyzeImage(await readFile(path), { still: true })
    embeddings.set(path, nearestToCentre(analysis.embedded, analysis.width, analysis.height)?.embedding ?? null)
    opts.onProgress?.(embeddings.size, paths.length)
  }
  const scored: ScoredPair[] = pairs.map((p) => {
    const a = embeddings.get(p.a)
    const b = embeddings.get(p.b)
    return { fold: p.fold, same: p.same, distance: a && b ? l2Distance(a, b) : Number.NaN }
  })
  const threshold = engine.thresholds.accuracy
  const correct = scored.filter((p) => !Number.isNaN(p.distance) && p.distance < threshold === p.same).length
  const folds = new Set(pairs.map((p) => p.fold)).size
  return {
    pairs: pairs.length,
    folds,
    failedPairs: scored.filter((p) => Number.isNaN(p.distance)).length,
    accuracyAtThreshold: correct / pairs.length,
    threshold,
    kfold: folds >= 2 ? kFoldAccuracy(scored, foldCount(pairs)) : null
  }
}
