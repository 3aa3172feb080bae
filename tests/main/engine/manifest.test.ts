import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { modelFor, parseManifest } from '../../../src/main/engine/manifest'
import { defaultManifestPath, defaultModelsDir } from '../../../src/main/engine/model-files'

const path = defaultManifestPath(defaultModelsDir())
const json = () => JSON.parse(readFileSync(path, 'utf8'))

describe('models/manifest.json', () => {
  it('is valid and names a model of the right role for every default', () => {
    const m = parseManifest(json(), path)
    for (const role of ['detector', 'landmarks', 'embedding', 'liveness', 'eye'] as const) {
      expect(modelFor(m, m.defaults[role], role).role).toBe(role)
    }
    const embedding = modelFor(m, m.defaults.embedding, 'embedding')
    expect(embedding.thresholds.accuracy).toBeGreaterThan(0)
    expect(Object.keys(embedding.thresholds.far)).toEqual(expect.arrayContaining(['1e-2', '1e-3', '1e-4', '1e-5']))
  })

  it('accepts another embedding model as a plain new entry', () => {
    const m = json()
    m.models.facenet = {
      ...m.models.fr_feature,
      file: 'facenet.onnx',
      input: { ...m.models.fr_feature.input, width: 160, height: 160, channelOrder: 'RGB' },
      dimension: 128
    }
    const parsed = parseManifest(m, 'test')
    expect(modelFor(parsed, 'facenet', 'embedding').dimension).toBe(128)
  })

  it('rejects invalid entries with MODELS_CORRUPT naming the field', () => {
    const bad = json()
    bad.models.fr_feature.input.mean = [127]
    expect(() => parseManifest(bad, 'test')).toThrowError(expect.objectContaining({ code: 'MODELS_CORRUPT', message: expect.stringContaining('models.fr_feature') }))
    const wrongRole = parseManifest(json(), 'test')
    expect(() => modelFor(wrongRole, 'fr_detect', 'embedding')).toThrowError(expect.objectContaining({ code: 'MODELS_CORRUPT' }))
  })

  it('refuses a variant without AVX-512 that has no pruning to re-round or shares a file name', () => {
    const noPrune = json()
    delete noPrune.models.fr_feature.prepared.pruneChannels
    expect(() => parseManifest(noPrune, 'test')).toThrowError(expect.objectContaining({ code: 'MODELS_CORRUPT', message: expect.stringContaining('withoutAvx512') }))
    const sameFile = json()
    sameFile.models.fr_feature.prepared.withoutAvx512.file = sameFile.models.fr_feature.prepared.file
    expect(() => parseManifest(sameFile, 'test')).toThrowError(expect.objectContaining({ code: 'MODELS_CORRUPT', message: expect.stringContaining('withoutAvx512') }))
  })
})
