/**
 * Child process of the SIGKILL test (tests/main/store/kill.test.ts, bench/kill.ts): enrolls,
 * adds photos, renames and deletes residents in a loop until killed. It prints one line BEFORE
 * each operation (`BEGIN op ...`) and one line after the awaited write (`ACK op ...`): an ACK
 * means the store acknowledged the change as durable.
 *
 * It loads its modules first, prints `LOADED`, and waits for a `GO` line on stdin before opening
 * the store, so the parent can warm the next child up while the current one runs.
 *
 * Usage: node --import tsx tests/support/kill-child.ts DATA_DIR THUMBNAIL_JPEG MODEL_ID
 */
import { readFile } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { openStore } from '../../src/main/store'
import { randomUnitVector, SAMPLE_QUALITY } from './vectors'

const MAX_RESIDENTS = 24
const MAX_PHOTOS = 4
const EMBEDDING_DIMS = 512

const [dataDir, thumbnailPath, modelId] = process.argv.slice(2)
const say = (line: string): void => {
  // Pipes are synchronous on Linux: the line is in the parent's pipe before the next write starts.
  process.stdout.write(line + '\n')
}

const thumbnailJpeg = new Uint8Array(await readFile(thumbnailPath))
say('LOADED')
await new Promise<void>((resolve) => {
  const lines = createInterface({ input: process.stdin })
  lines.on('line', (line) => {
    if (line.trim() === 'GO') {
      lines.close()
      resolve()
    }
  })
})
const store = await openStore(dataDir, { activeModelId: modelId })
say('READY')

const photo = () => ({ modelId, embedding: randomUnitVector(EMBEDDING_DIMS), quality: { ...SAMPLE_QUALITY }, thumbnailJpeg, source: 'file' as const })
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)]
let counter = 0

for (;;) {
  const residents = store.residents.list()
  const roll = Math.random()
  if (residents.length >= MAX_RESIDENTS || (residents.length > 3 && roll < 0.15)) {
    const victim = pick(residents)
    say(`BEGIN delete ${victim.id}`)
    await store.residents.delete(victim.id)
    say(`ACK delete ${victim.id}`)
  } else if (residents.length > 0 && roll < 0.4) {
    const target = pick(residents)
    if (target.photos.length >= MAX_PHOTOS) continue
    say(`BEGIN photo ${target.id}`)
    const added = await store.residents.addPhoto(target.id, photo())
    say(`ACK photo ${target.id} ${added.id}`)
  } else if (residents.length > 0 && roll < 0.5) {
    const target = pick(residents)
    const name = `renamed-${process.pid}-${counter++}`
    say(`BEGIN rename ${target.id} ${name}`)
    await store.residents.rename(target.id, name)
    say(`ACK rename ${target.id} ${name}`)
  } else {
    const name = `resident-${process.pid}-${counter++}`
    say(`BEGIN create ${name}`)
    const created = await store.residents.create({ name, photos: [photo()] })
    say(`ACK create ${created.id} ${name} ${created.photos[0].id}`)
  }
}
