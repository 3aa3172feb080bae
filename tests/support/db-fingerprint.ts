import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'vitest'

/** Every byte the store keeps: the database, its backup, and the snapshot files. */
export async function dbFingerprint(dataDir: string): Promise<string> {
  const parts: string[] = []
  for (const name of ['happy-house.json', 'happy-house.json.bak']) {
    const bytes = await readFile(join(dataDir, name)).catch(() => null)
    parts.push(`${name}:${bytes === null ? 'absent' : bytes.toString('base64')}`)
  }
  const snapshots = await readdir(join(dataDir, 'snapshots')).catch(() => [] as string[])
  for (const name of snapshots.sort()) parts.push(`snapshots/${name}:${(await readFile(join(dataDir, 'snapshots', name))).toString('base64')}`)
  const others = (await readdir(dataDir)).filter((n) => n.startsWith('happy-house.corrupt-'))
  parts.push(`moved-aside:${others.join(',')}`)
  return parts.join('\n')
}

/** Runs `attempt` and fails the test if the database files changed in any byte. */
export async function expectDbUnchanged<T>(dataDir: string, attempt: () => Promise<T>, label = 'input'): Promise<T> {
  const before = await dbFingerprint(dataDir)
  const result = await attempt()
  const after = await dbFingerprint(dataDir)
  expect(after === before, `${label}: the database changed`).toBe(true)
  return result
}
