import { mkdir, readdir, rm, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFaceEngine } from '../../../src/main/engine'
import { electronDataDir, packagedModelsDir } from '../../../src/main/shell/packaged-paths'
import { REPO_ROOT } from '../../support/faces'
import { tempDataDir } from '../../support/store-fixtures'

const repoModels = join(REPO_ROOT, 'models')
let resources: string
let cleanup: () => Promise<void>

beforeAll(async () => {
  ;({ dir: resources, cleanup } = await tempDataDir('hh-resources-'))
  // What electron-builder's extraResources lays out: resources/models/{manifest.json,*.onnx}.
  await mkdir(join(resources, 'models'))
  for (const file of (await readdir(repoModels)).filter((f) => f === 'manifest.json' || f.endsWith('.onnx'))) {
    await symlink(join(repoModels, file), join(resources, 'models', file))
  }
})
afterAll(async () => {
  await cleanup()
})

describe('models in a packaged app', () => {
  it('are looked for in process.resourcesPath/models only when packaged', () => {
    expect(packagedModelsDir(true, '/opt/Happy House/resources')).toBe(join('/opt/Happy House/resources', 'models'))
    expect(packagedModelsDir(false, '/opt/Happy House/resources')).toBeUndefined()
    expect(packagedModelsDir(true, undefined)).toBeUndefined()
  })

  it('are found there by the engine', async () => {
    const engine = createFaceEngine({ modelsDir: packagedModelsDir(true, resources)! })
    const grey = new Uint8Array(await sharp({ create: { width: 160, height: 120, channels: 3, background: '#808080' } }).jpeg().toBuffer())
    expect((await engine.detectFaces(grey)).length).toBe(0)
    await engine.dispose()
    // Without the files the same engine says which model is missing.
    const [firstModel] = (await readdir(join(resources, 'models'))).filter((f) => f.endsWith('.onnx')).sort()
    await rm(join(resources, 'models', firstModel!))
    const broken = createFaceEngine({ modelsDir: packagedModelsDir(true, resources)! })
    await expect(broken.detectFaces(grey)).rejects.toMatchObject({ code: 'MODELS_MISSING' })
    await broken.dispose()
  })
})

describe('the Electron kiosk data directory', () => {
  it('is HAPPY_HOUSE_DATA when set (the deb unit), else Electron userData', () => {
    expect(electronDataDir({ HAPPY_HOUSE_DATA: '/var/lib/happy-house' }, '/home/k/.config/Happy House')).toBe('/var/lib/happy-house')
    expect(electronDataDir({ HAPPY_HOUSE_DATA: '  ' }, '/home/k/.config/Happy House')).toBe('/home/k/.config/Happy House')
    expect(electronDataDir({}, '/home/k/.config/Happy House')).toBe('/home/k/.config/Happy House')
  })
})
