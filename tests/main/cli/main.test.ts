import { execFile } from 'node:child_process'
import { symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../../src/main/cli/main'
import { FACES_DIR, facesAvailable, happyHouse, reportMissingFaces, REPO_ROOT } from '../../support/faces'
import { RESIDENT_NAMES, residentPhotoPath } from '../../support/face-images'
import { tempDataDir } from '../../support/store-fixtures'

reportMissingFaces('CLI tests')

const BIN = join(REPO_ROOT, 'bin/happy-house.js')

interface Run {
  code: number
  stdout: string
  stderr: string
}

async function cli(...argv: string[]): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} })
  return { code, stdout, stderr }
}

describe('CLI without face data', () => {
  it('prints help and exits 0', async () => {
    const run = await cli('--help')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/Usage: happy-house/)
  })

  it('exits 2 with the usage on a bad command line', async () => {
    const run = await cli('open-sesame')
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/Unknown command "open-sesame"/)
    const json = await cli('--json', 'identify')
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, code: 'USAGE' })
  })

  it('eval names what is missing', async () => {
    expect((await cli('eval')).code).toBe(2)
    const run = await cli('eval', '--lfw', '/somewhere')
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/has no pairs\.txt/)
  })
})

describe.skipIf(!facesAvailable)('CLI eval on a small LFW-format folder', () => {
  it('scores same-person and different-person pairs of real LFW photos', async () => {
    // Two folds of 2+2 pairs, in the layout of LFW's pairs.txt, linking to lfw-dev's images.
    const { dir, cleanup } = await tempDataDir('hh-cli-lfw-')
    try {
      await symlink(join(FACES_DIR, 'lfw-dev/images'), join(dir, 'images'))
      const pairs = [
        '2\t2',
        'Abdullah_Gul\t1\t2', 'Abdullah_Gul\t3\t4', 'Abdullah\t1\tAbdullah_Gul\t5', 'Abdoulaye_Wade\t1\tAbdullah_Gul\t6',
        'Abdoulaye_Wade\t1\t2', 'Abdullah\t3\t4', 'Abdullah_Gul\t7\tAbdoulaye_Wade\t3', 'Abdullah\t1\tAbdoulaye_Wade\t4'
      ]
      await writeFile(join(dir, 'pairs.txt'), pairs.join('\n') + '\n')
      const run = await cli('--json', 'eval', '--lfw', dir)
      expect(run.code).toBe(0)
      const out = JSON.parse(run.stdout)
      expect(out).toMatchObject({ ok: true, pairs: 8, folds: 2, failedPairs: 0, accuracyAtThreshold: 1 })
      expect(out.kfold.mean).toBeGreaterThan(0.5)
    } finally {
      await cleanup()
    }
  })
})

describe.skipIf(!facesAvailable)('CLI on the Happy House', () => {
  let dir: string
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    ;({ dir, cleanup } = await tempDataDir('hh-cli-'))
  })
  afterAll(async () => {
    await cleanup?.()
  })

  it('enrolls the 12 residents and identifies camera_0 as younes', async () => {
    for (const name of RESIDENT_NAMES) {
      const run = await cli('--data', dir, 'enroll', name, residentPhotoPath(name))
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(new RegExp(`^Enrolled ${name}: 1 photo accepted`))
    }
    const list = await cli('--data', dir, '--json', 'residents')
    expect(JSON.parse(list.stdout).residents.map((r: { name: string }) => r.name)).toEqual([...RESIDENT_NAMES])

    const who = await cli('--data', dir, '--json', 'identify', happyHouse.camera(0))
    expect(who.code).toBe(0)
    const answer = JSON.parse(who.stdout)
    expect(answer).toMatchObject({ ok: true, name: 'younes' })
    expect(answer.distance).toBeLessThan(answer.threshold)
  })

  it('verifies younes and refuses Benoit holding Kian\'s card (exit 3)', async () => {
    const yes = await cli('--data', dir, 'verify', happyHouse.camera(0), 'younes')
    expect(yes.code).toBe(0)
    expect(yes.stdout).toMatch(/^It's younes, welcome in!/)
    const no = await cli('--data', dir, 'verify', happyHouse.camera(2), 'kian')
    expect(no.code).toBe(3)
    expect(no.stdout).toMatch(/^It's not kian, please go away/)
  })

  it('asks for confirmation (exit 4) before enrolling a face that is already enrolled', async () => {
    const run = await cli('--data', dir, 'enroll', 'Ben', happyHouse.camera(2))
    expect(run.code).toBe(4)
    expect(run.stderr).toMatch(/looks like benoit: same person\?.*--yes/)
  })

  it('reports quality rejections and unreadable files as errors (exit 1)', async () => {
    const missing = await cli('--data', dir, 'enroll', 'Nobody', join(dir, 'missing.jpg'))
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/No such image file/)
    const json = await cli('--data', dir, '--json', 'verify', happyHouse.camera(0), 'nobody')
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, code: 'NOT_FOUND', message: expect.stringMatching(/No resident named "nobody"/) })
  })

  it('renames and deletes (delete needs --yes)', async () => {
    expect((await cli('--data', dir, 'rename', 'tian', 'Tian Li')).code).toBe(0)
    const refused = await cli('--data', dir, 'delete', 'Tian Li')
    expect(refused.code).toBe(4)
    expect((await cli('--data', dir, 'delete', 'Tian Li', '--yes')).code).toBe(0)
    const list = await cli('--data', dir, '--json', 'residents')
    expect(JSON.parse(list.stdout).residents).toHaveLength(11)
  })

  it('runs as a real process from bin/happy-house.js (tsx loader, no build)', async () => {
    const run = promisify(execFile)
    const { stdout } = await run(process.execPath, [BIN, '--data', dir, 'identify', happyHouse.camera(0)], { cwd: dir })
    expect(stdout).toMatch(/^younes \(distance 0\.\d+/)
    const failed = await run(process.execPath, [BIN, '--data', dir, 'identify', join(dir, 'nope.jpg')]).catch((e) => e)
    expect(failed.code).toBe(1)
    expect(failed.stderr).toMatch(/No such image file/)
  })
})
