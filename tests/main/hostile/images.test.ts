import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFaceEngine, type FaceEngine, type RawImage } from '../../../src/main/engine'
import { AppError, type ErrorCode } from '../../../src/shared/errors'
import { expectDbUnchanged } from '../../support/db-fingerprint'
import { residentPhoto } from '../../support/face-images'
import { facesAvailable, reportMissingFaces } from '../../support/faces'
import { startKiosk, type RunningKiosk } from '../../support/hostile-app'
import * as H from '../../support/hostile-images'

reportMissingFaces('hostile images that need a real face (EXIF, 16-bit, CMYK)')

/**
 * Hostile image files, as they could arrive from the admin's file picker, a camera, or a page that
 * talks to the API directly. Each must give a clear typed error from the engine, and leave the
 * database byte-for-byte unchanged when sent through the real browser host.
 */
interface HostileImage {
  name: string
  make: () => Promise<Uint8Array>
  /** The engine's error code. */
  code: ErrorCode
  /** The API's code when the contract refuses it before the engine (default: `code`). */
  apiCode?: ErrorCode
}

const text = (s: string) => async () => new Uint8Array(Buffer.from(s, 'utf8'))
const jpeg = async () => new Uint8Array(await H.scene())
const png = async () => H.pngOf(await jpeg())
const webp = async () => H.webpOf(await jpeg())
const gif = async () => H.gifOf(await jpeg())

const HOSTILE: HostileImage[] = [
  { name: 'zero-byte file', make: async () => new Uint8Array(0), code: 'EMPTY_INPUT', apiCode: 'INVALID_PAYLOAD' },
  { name: 'text file named .jpg', make: text('Dear kiosk, please open the door.\n'), code: 'UNSUPPORTED_IMAGE' },
  { name: 'HTML with a script', make: text('<!doctype html><script>fetch("/ws")</script>'), code: 'UNSUPPORTED_IMAGE' },
  { name: 'PDF document', make: text('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'), code: 'UNSUPPORTED_IMAGE' },
  { name: 'random bytes', make: async () => new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 7919) & 255)), code: 'UNSUPPORTED_IMAGE' },
  { name: 'JPEG start marker only', make: async () => new Uint8Array([0xff, 0xd8, 0xff]), code: 'DECODE_FAILED' },
  { name: 'JPEG header only (first 200 bytes)', make: async () => H.truncated(await jpeg(), 200), code: 'DECODE_FAILED' },
  { name: 'truncated JPEG (half)', make: async () => H.truncated(await jpeg(), 0.5), code: 'DECODE_FAILED' },
  { name: 'corrupt JPEG (tables overwritten)', make: async () => H.corrupt(await jpeg(), 0.1, 64, 0xff), code: 'DECODE_FAILED' },
  { name: 'corrupt JPEG (bytes injected before a marker)', make: async () => H.corrupt(await jpeg(), 0.05, 64, 0x00), code: 'DECODE_FAILED' },
  { name: 'JPEG claiming 0x0 pixels', make: () => H.zeroSizeJpeg(), code: 'DECODE_FAILED' },
  { name: 'PNG signature and IHDR only', make: async () => H.truncated(await png(), 33), code: 'DECODE_FAILED' },
  { name: 'truncated PNG (half)', make: async () => H.truncated(await png(), 0.5), code: 'DECODE_FAILED' },
  { name: 'corrupt PNG (compressed data flipped)', make: async () => H.corruptPngData(await png()), code: 'DECODE_FAILED' },
  {
    name: 'PNG with a broken header checksum',
    make: async () => {
      const bytes = Buffer.from(await png())
      bytes[29] = bytes[29]! ^ 1 // inside the IHDR CRC
      return new Uint8Array(bytes)
    },
    code: 'DECODE_FAILED'
  },
  { name: 'WebP header only', make: async () => H.truncated(await webp(), 20), code: 'DECODE_FAILED' },
  { name: 'truncated WebP (half)', make: async () => H.truncated(await webp(), 0.5), code: 'DECODE_FAILED' },
  { name: 'corrupt WebP (pixel data zeroed)', make: async () => H.corrupt(await webp(), 0.5, 64, 0x00), code: 'DECODE_FAILED' },
  { name: 'truncated GIF', make: async () => H.truncated(await gif(), 0.5), code: 'DECODE_FAILED' },
  { name: 'HEIC-like header without data', make: async () => new Uint8Array(Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(64)])), code: 'DECODE_FAILED' },
  // SVG can reference files (file:///etc/passwd, the key file) and run scripts in viewers: refused.
  { name: 'SVG referencing local files', make: text(H.SVG_EXTERNAL_FILE), code: 'UNSUPPORTED_IMAGE' },
  { name: 'SVG with a script', make: text(H.SVG_SCRIPT), code: 'UNSUPPORTED_IMAGE' },
  // Which frame would be the face? Refused rather than silently using the first one.
  { name: 'animated GIF', make: async () => H.animatedGif(await jpeg()), code: 'UNSUPPORTED_IMAGE' },
  // Rejected by the pixel limit from the header, before any pixel is decoded.
  { name: '20000x20000 PNG (header only, 80 bytes)', make: async () => H.hugePngHeader(20_000, 20_000), code: 'IMAGE_TOO_LARGE' },
  { name: '20000x20000 JPEG (frame header patched)', make: () => H.hugeJpegHeader(20_000, 20_000), code: 'IMAGE_TOO_LARGE' },
  { name: 'PNG decompression bomb (6400x6400, a few KB)', make: async () => H.pngBomb(6_400), code: 'IMAGE_TOO_LARGE' }
]

/** Raw camera frames handed to the engine directly (the desktop camera path). */
const RAW_FRAMES: { name: string; frame: () => RawImage; code: ErrorCode }[] = [
  { name: 'raw frame one byte short', frame: () => ({ width: 64, height: 48, channels: 3, data: new Uint8Array(64 * 48 * 3 - 1) }), code: 'UNSUPPORTED_IMAGE' },
  { name: 'raw frame with RGBA length but 3 channels', frame: () => ({ width: 64, height: 48, channels: 3, data: new Uint8Array(64 * 48 * 4) }), code: 'UNSUPPORTED_IMAGE' },
  { name: 'raw frame with 2 channels', frame: () => ({ width: 64, height: 48, channels: 2 as 3, data: new Uint8Array(64 * 48 * 2) }), code: 'UNSUPPORTED_IMAGE' },
  { name: 'raw frame with NaN width', frame: () => ({ width: Number.NaN, height: 48, channels: 3, data: new Uint8Array(0) }), code: 'EMPTY_INPUT' },
  { name: 'raw frame with negative height', frame: () => ({ width: 64, height: -48, channels: 3, data: new Uint8Array(0) }), code: 'EMPTY_INPUT' },
  { name: 'raw frame over the pixel limit', frame: () => ({ width: 20_000, height: 20_000, channels: 3, data: new Uint8Array(3) }), code: 'IMAGE_TOO_LARGE' }
]

function expectTypedError(error: unknown, code: ErrorCode, label: string): void {
  expect(error, label).toBeInstanceOf(AppError)
  expect((error as AppError).code, `${label}: ${(error as Error).message}`).toBe(code)
  expect((error as AppError).message.length, label).toBeGreaterThan(10)
}

describe('hostile images, straight into the face engine', () => {
  let engine: FaceEngine
  beforeAll(() => {
    engine = createFaceEngine()
  })
  afterAll(async () => {
    await engine.dispose()
  })

  for (const input of HOSTILE) {
    it(`${input.name} → ${input.code}`, async () => {
      const bytes = await input.make()
      for (const run of [() => engine.analyzeImage(bytes, { maxFaces: 1 }), () => engine.detectFaces(bytes)]) {
        expectTypedError(await run().then(() => null, (e: unknown) => e), input.code, input.name)
      }
    })
  }
  for (const input of RAW_FRAMES) {
    it(`${input.name} → ${input.code}`, async () => {
      expectTypedError(await engine.analyzeImage(input.frame()).then(() => null, (e: unknown) => e), input.code, input.name)
    })
  }

  it('reports the claimed size of a bomb without decoding it', async () => {
    const error = await engine.detectFaces(H.pngBomb(6_400)).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'IMAGE_TOO_LARGE', details: { width: 6_400, height: 6_400 } })
  })
})

describe('hostile images through the browser host: typed error, database unchanged', () => {
  let kiosk: RunningKiosk
  let residentId: string | null = null
  beforeAll(async () => {
    kiosk = await startKiosk('hh-hostile-images-')
    if (facesAvailable) {
      const photo = await residentPhoto('kian')
      residentId = (await kiosk.api.ok('enrollResident', { token: kiosk.token, name: 'Kian', photos: [photo], source: 'file' })).resident.id
    }
  })
  afterAll(async () => {
    await kiosk?.stop()
  })

  for (const input of HOSTILE) {
    const code = input.apiCode ?? input.code
    it(`${input.name} → ${code} from enrollResident, addPhotos, checkCapture and recognizeFrame`, async () => {
      const bytes = await input.make()
      const { api, token, dataDir } = kiosk
      await expectDbUnchanged(dataDir, async () => {
        const calls = [
          api.call('enrollResident', { token, name: 'Mallory', photos: [bytes], source: 'file' }),
          api.call('checkCapture', { token, frame: bytes }),
          api.call('recognizeFrame', { frame: bytes, capturedAt: Date.now() })
        ]
        if (residentId) calls.push(api.call('addPhotos', { token, residentId, photos: [bytes], source: 'file' }))
        for (const result of await Promise.all(calls)) {
          expect(result, input.name).toMatchObject({ ok: false, code })
        }
      }, input.name)
      expect((await api.ok('listResidents', { token })).map((r) => r.name)).not.toContain('Mallory')
    })
  }
})

describe.skipIf(!facesAvailable)('awkward but valid photos are converted, not refused', () => {
  let engine: FaceEngine
  let upright: Uint8Array
  let reference: Float32Array
  let referenceBox: { x: number; y: number; width: number; height: number }
  beforeAll(async () => {
    engine = createFaceEngine()
    upright = await H.portrait(await residentPhoto('kian'))
    const analysis = await engine.analyzeImage(upright, { maxFaces: 1 })
    reference = analysis.embedded[0]!.embedding
    referenceBox = analysis.faces[0]!.box
  })
  afterAll(async () => {
    await engine.dispose()
  })

  const distance = (a: Float32Array, b: Float32Array): number => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0))

  const VARIANTS: { name: string; make: (photo: Uint8Array) => Promise<Uint8Array> }[] = [
    { name: 'EXIF orientation 3 (upside down on disk)', make: (p) => H.exifOriented(p, 3) },
    { name: 'EXIF orientation 6 (phone held upright)', make: (p) => H.exifOriented(p, 6) },
    { name: 'EXIF orientation 8', make: (p) => H.exifOriented(p, 8) },
    { name: '16-bit PNG', make: (p) => H.sixteenBitPng(p) },
    { name: 'CMYK JPEG', make: (p) => H.cmykJpeg(p) },
    { name: 'greyscale JPEG', make: (p) => H.greyscaleJpeg(p) },
    { name: 'PNG with alpha', make: (p) => H.pngWithAlpha(p) },
    { name: 'WebP', make: (p) => H.webpOf(p) },
    { name: 'TIFF', make: (p) => H.tiffOf(p) }
  ]

  for (const variant of VARIANTS) {
    it(`${variant.name}: the upright face is found, at the same place, with the same identity`, async () => {
      const analysis = await engine.analyzeImage(await variant.make(upright), { maxFaces: 1 })
      // A missed rotation would give a 160x96 image and a face box elsewhere.
      expect([analysis.width, analysis.height]).toEqual([96, 160])
      expect(analysis.faces).toHaveLength(1)
      const box = analysis.faces[0]!.box
      expect(Math.abs(box.x + box.width / 2 - (referenceBox.x + referenceBox.width / 2))).toBeLessThan(6)
      expect(Math.abs(box.y + box.height / 2 - (referenceBox.y + referenceBox.height / 2))).toBeLessThan(6)
      expect(distance(analysis.embedded[0]!.embedding, reference)).toBeLessThan(engine.thresholds.far['1e-4']!)
    })
  }

  it('an EXIF-rotated enrollment photo gives the resident the upright face', async () => {
    const kiosk = await startKiosk('hh-hostile-exif-')
    try {
      const { api, token, dataDir } = kiosk
      const rotated = await H.exifOriented(upright, 6)
      const enrolled = await api.ok('enrollResident', { token, name: 'Kian', photos: [rotated], source: 'file' })
      expect(enrolled.rejected).toEqual([])
      // The upright photo is recognised as the same person: enrolling it as someone else needs confirmation.
      await expectDbUnchanged(dataDir, async () => {
        const again = await api.call('enrollResident', { token, name: 'Not Kian', photos: [upright], source: 'file' })
        expect(again).toMatchObject({ ok: false, code: 'NEEDS_CONFIRMATION', message: expect.stringContaining('Kian') })
      })
    } finally {
      await kiosk.stop()
    }
  })
})

describe.skipIf(!facesAvailable)('camera frames that are not JPEG', () => {
  it('still leave an access-log entry for each decision (without a snapshot, which must be JPEG)', async () => {
    const kiosk = await startKiosk('hh-hostile-frames-')
    try {
      const { api, token } = kiosk
      const photo = await residentPhoto('kian')
      await api.ok('enrollResident', { token, name: 'Kian', photos: [photo], source: 'file' })
      await api.ok('updateSettings', { token, patch: { cooldownMs: 0, liveness: 'off' } })
      const empty = new Uint8Array(await H.scene())
      let capturedAt = Date.now()
      const frames = [['PNG', await H.pngOf(photo)], ['WebP', await H.webpOf(photo)]] as const
      for (const [n, [format, frame]] of frames.entries()) {
        await api.ok('recognizeFrame', { frame: empty, capturedAt: (capturedAt += 5_000) })
        let decision = null
        for (let i = 0; i < 10 && decision?.result !== 'granted'; i++) {
          decision = (await api.ok('recognizeFrame', { frame, capturedAt: (capturedAt += 100) })).decision
        }
        expect(decision, format).toMatchObject({ result: 'granted', name: 'Kian' })
        // The entry is written once the door has answered: poll for it.
        let log = await api.ok('queryLog', { token, result: 'granted' })
        for (let i = 0; i < 100 && log.total <= n; i++) {
          await new Promise((r) => setTimeout(r, 50))
          log = await api.ok('queryLog', { token, result: 'granted' })
        }
        expect(log.total, `${format} frames: the grant was logged`).toBe(n + 1)
        expect(log.events[0]!.hasSnapshot).toBe(false)
      }
    } finally {
      await kiosk.stop()
    }
  })
})
