import { chmod, cp, mkdtemp, readdir, rm } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'
import { openEncryptedStore } from '../../../src/main/security'
import { fixtureEmbedding } from '../../fixtures/store-versions/embedding'

// An update must not lose anyone: a data directory written by each earlier version of the store
// (tests/fixtures/store-versions, made by that version's own code) opens under this one with every
// resident, embedding, setting, access event and snapshot.

const FIXTURES = fileURLToPath(new URL('../../fixtures/store-versions/', import.meta.url))
const VERSIONS = ['0dbad1a', 'e088849', 'd82f856', '057879c', 'd892107']
const MODEL_ID = 'faceplugin-fixture'
const EMBEDDING_TOLERANCE = 1e-6

describe('store upgrade', () => {
  const dirs: string[] = []
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
  })

  it('has a fixture for every version listed', async () => {
    const present = (await readdir(FIXTURES, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name)
    expect(present.sort()).toEqual([...VERSIONS].sort())
  })

  for (const version of VERSIONS) {
    it(`opens the data of ${version} with every resident, setting, event and snapshot`, async () => {
      const dir = await mkdtemp(join(tmpdir(), `hh-upgrade-${version}-`))
      dirs.push(dir)
      await cp(join(FIXTURES, version), dir, { recursive: true })
      // Git keeps no file modes: give the copy the ones the kiosk created (a readable key is refused).
      await chmod(dir, 0o700)
      if (existsSync(join(dir, 'biometric.key'))) await chmod(join(dir, 'biometric.key'), 0o600)

      const store = await openEncryptedStore(dir, { activeModelId: MODEL_ID })
      try {
        const residents = store.residents.list()
        expect(residents.map((r) => r.name)).toEqual(['Kian', 'Younes'])
        const gallery = store.residents.galleryEntries()
        expect(gallery).toHaveLength(2)
        for (const [i, resident] of residents.entries()) {
          const entry = gallery.find((g) => g.residentId === resident.id)!
          const expected = fixtureEmbedding(i + 1)
          expect(entry.embedding).toHaveLength(expected.length)
          expect(Math.max(...entry.embedding.map((x, k) => Math.abs(x - expected[k]!)))).toBeLessThan(EMBEDDING_TOLERANCE)
        }
        expect(store.settings.get().language).toBe('vi')

        const events = store.events.query({}).filter((e) => e.result !== 'admin')
        expect(events.map((e) => e.result).sort()).toEqual(['denied', 'granted', 'granted'])
        const granted = events.filter((e) => e.result === 'granted').map((e) => e.decidedResidentName).sort()
        expect(granted).toEqual(['Kian', 'Younes'])
        const withSnapshot = events.filter((e) => e.snapshot !== null)
        expect(withSnapshot).toHaveLength(1)
        const jpeg = await store.events.snapshot(withSnapshot[0]!.id)
        expect((await sharp(jpeg!).metadata()).format).toBe('jpeg')
      } finally {
        await store.close()
      }
      // Opened once, it is now a current database: it opens again as it is.
      const again = await openEncryptedStore(dir, { activeModelId: MODEL_ID })
      expect(again.residents.list()).toHaveLength(2)
      await again.close()
    })
  }
})
