import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { currentThreadId } from '../../../src/main/engine/worker/thread-priority'
import { engineWorkerEntry, startWorker } from '../../../src/main/engine/worker/worker-entry'

/** Field 19 of /proc/<pid>/task/<tid>/stat: the thread's nice value. */
function niceOf(tid: number): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])
}

describe.skipIf(process.platform !== 'linux')('engine worker thread priority (Linux)', () => {
  it('nices the calling worker thread only, not the main thread', async () => {
    const mainTid = currentThreadId()!
    const mainNiceBefore = niceOf(mainTid)
    const { tsxApi } = engineWorkerEntry(new URL('../../../src/main/engine/worker/worker-entry.ts', import.meta.url).href)
    const worker = startWorker({ file: fileURLToPath(new URL('../../support/nice-worker.ts', import.meta.url)), tsxApi }, { nice: 7 })
    try {
      const tid = await new Promise<number | null>((resolve, reject) => {
        worker.once('message', resolve)
        worker.once('error', reject)
      })
      expect(tid).not.toBeNull()
      expect(tid).not.toBe(mainTid)
      expect(niceOf(tid!)).toBe(Math.max(7, mainNiceBefore))
      expect(niceOf(mainTid)).toBe(mainNiceBefore)
    } finally {
      await worker.terminate()
    }
  })
})
