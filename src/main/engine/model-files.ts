import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AppError } from '../../shared/errors'

const MANIFEST_FILE = 'manifest.json'
/** How far up from this module to look for models/manifest.json (src/main/engine or out/main). */
const MAX_PARENT_LEVELS = 5

/**
 * Default models folder: $HAPPY_HOUSE_MODELS_DIR, else the nearest `models/manifest.json` above
 * this module (works from src/ under vitest/tsx and from the electron-vite bundle in out/), else
 * ./models of the working directory.
 */
export function defaultModelsDir(): string {
  const fromEnv = process.env.HAPPY_HOUSE_MODELS_DIR
  if (fromEnv) return resolve(fromEnv)
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let level = 0; level < MAX_PARENT_LEVELS; level++) {
    const candidate = join(dir, 'models')
    if (existsSync(join(candidate, MANIFEST_FILE))) return candidate
    dir = dirname(dir)
  }
  return resolve('models')
}

export function defaultManifestPath(modelsDir: string): string {
  return join(modelsDir, MANIFEST_FILE)
}

/** Reads a model file and checks it against the manifest's sha256. */
export function readVerifiedModel(modelsDir: string, file: string, sha256: string): Uint8Array {
  const path = join(modelsDir, file)
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch {
    throw new AppError('MODELS_MISSING', `Face model ${file} is missing from ${modelsDir}: run \`npm run models\``, { file })
  }
  const actual = createHash('sha256').update(bytes).digest('hex')
  if (actual !== sha256) {
    throw new AppError('MODELS_CORRUPT', `Face model ${file} does not match the manifest (sha256 ${actual}): delete it and run \`npm run models\``, {
      file
    })
  }
  return bytes
}
