/**
 * Camera frames as JPEG or as raw pixels (issue 12 item 4): what each costs between the renderer and
 * the engine, on this machine. The renderer sends 640x480 JPEG at quality 0.8 (ui-config); raw would
 * be canvas RGBA (640*480*4 bytes).
 *
 * - decode: the engine's decodeImage on each form (sharp JPEG decode vs RGBA -> RGB), CPU and wall ms.
 *   It runs in the engine's worker thread, not on the main thread.
 * - WebSocket: one recognizeFrame request in the app's wire format over a loopback socket (ws),
 *   from send to the decoded request on the server side: client framing and masking, server
 *   unmasking and decodeMessage, both ends in this process. The server side runs on the main thread.
 *
 * Not measured here: Electron IPC (no Electron binary in CI) and the renderer's JPEG encode
 * (OffscreenCanvas.convertToBlob, in the browser).
 *
 *   npm run bench:frame-format [-- --runs 200]
 */
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import sharp from 'sharp'
import WebSocket, { WebSocketServer } from 'ws'
import { decodeImage } from '../src/main/engine/decode'
import type { ImageInput } from '../src/main/engine'
import { decodeMessage, encodeMessage } from '../src/shared/ipc/wire'
import { doorFrameJpeg } from '../tests/support/y4m'
import { cpuIdentity } from './lib/cpu'
import { FACES_DIR, requireDir } from './lib/paths'
import { summarize } from './lib/timing'

const WIDTH = 640
const HEIGHT = 480
const RGBA = 4
/** The renderer's recognition JPEG quality (0.8 in ui-config) on sharp's 1-100 scale. */
const JPEG_QUALITY = 80
const MAX_PIXELS = 40_000_000
const WARMUP = 20

const { values } = parseArgs({ options: { runs: { type: 'string', default: '200' } } })
const runs = Number(values.runs)

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

async function timeDecode(label: string, input: () => ImageInput): Promise<void> {
  for (let i = 0; i < WARMUP; i++) await decodeImage(input(), MAX_PIXELS)
  const wall: number[] = []
  const cpu0 = cpuMs()
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await decodeImage(input(), MAX_PIXELS)
    wall.push(performance.now() - t0)
  }
  const cpu = (cpuMs() - cpu0) / runs
  console.log(`decode ${label.padEnd(28)} wall p50 ${summarize(wall).median.toFixed(2)} ms, CPU ${cpu.toFixed(2)} ms per frame`)
}

async function timeWebSocket(label: string, frame: Uint8Array): Promise<void> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 * 1024 })
  await new Promise<void>((r) => server.once('listening', () => r()))
  const port = (server.address() as AddressInfo).port
  let received: (() => void) | null = null
  let serverMs = 0
  server.on('connection', (socket) =>
    socket.on('message', (data: Buffer) => {
      const t0 = performance.now()
      decodeMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      serverMs += performance.now() - t0
      received?.()
    })
  )
  const client = new WebSocket(`ws://127.0.0.1:${port}`)
  await new Promise<void>((r) => client.once('open', () => r()))
  const once = async (): Promise<number> => {
    const done = new Promise<void>((r) => (received = r))
    const t0 = performance.now()
    client.send(encodeMessage({ t: 'req', id: 1, verb: 'recognizeFrame', payload: { frame, capturedAt: Date.now() } }))
    await done
    return performance.now() - t0
  }
  for (let i = 0; i < WARMUP; i++) await once()
  serverMs = 0
  const wall: number[] = []
  const cpu0 = cpuMs()
  for (let i = 0; i < runs; i++) wall.push(await once())
  const cpu = (cpuMs() - cpu0) / runs
  const t = summarize(wall)
  console.log(
    `WebSocket ${label.padEnd(25)} ${(frame.byteLength / 1024).toFixed(0).padStart(5)} KB: send->decoded p50 ${t.median.toFixed(2)} ms, p95 ${t.p95.toFixed(2)} ms, CPU (both ends) ${cpu.toFixed(2)} ms, server decodeMessage ${(serverMs / runs).toFixed(3)} ms`
  )
  client.close()
  server.close()
}

console.log(cpuIdentity())
const door = await doorFrameJpeg(join(requireDir(join(FACES_DIR, 'happy-house/camera'), 'Happy House camera images'), 'camera_0.jpg'))
const rgba = await sharp(door).resize(WIDTH, HEIGHT).ensureAlpha().raw().toBuffer()
const jpeg = new Uint8Array(await sharp(rgba, { raw: { width: WIDTH, height: HEIGHT, channels: RGBA } }).jpeg({ quality: JPEG_QUALITY }).toBuffer())
const raw = new Uint8Array(rgba)
console.log(`frame ${WIDTH}x${HEIGHT}: JPEG q${JPEG_QUALITY} ${jpeg.byteLength} bytes, raw RGBA ${raw.byteLength} bytes (${(raw.byteLength / jpeg.byteLength).toFixed(0)}x); ${runs} runs each`)
await timeDecode('JPEG (sharp)', () => jpeg)
await timeDecode('raw RGBA -> RGB', () => ({ data: raw, width: WIDTH, height: HEIGHT, channels: RGBA }))
await timeWebSocket('JPEG', jpeg)
await timeWebSocket('raw RGBA', raw)
