/** Worker for tests/main/engine/thread-priority.test.ts: nices itself, reports its thread id, waits to be ended. */
import { parentPort, workerData } from 'node:worker_threads'
import { niceCurrentThread } from '../../src/main/engine/worker/thread-priority'

parentPort!.postMessage(niceCurrentThread((workerData as { nice: number }).nice))
parentPort!.on('message', () => undefined)
