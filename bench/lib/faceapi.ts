/**
 * The peer to beat: @vladmandic/face-api (SSD-MobileNetV1 + 68-point landmarks + ResNet-34
 * descriptor) on the TensorFlow.js WASM backend, on the same decoded pixels. Stages are timed
 * separately with the calls face-api's own task chain makes.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { RgbImage } from '../../src/main/engine/image-ops'
import type { StageClock } from './timing'

const require = createRequire(import.meta.url)

export interface FaceApiPeer {
  describe(): string
  /** One full pass (detect, landmarks + alignment, descriptor of the first face) timed per stage; returns the face count. */
  run(img: RgbImage, clock: StageClock): Promise<number>
}

/* face-api's Node/WASM bundle is CommonJS with loose typings: typed here as far as this bench uses it. */
interface Tensor {
  dispose(): void
}
interface Landmarks {
  shiftBy(x: number, y: number): Landmarks
  align(rect: null, opts: { useDlibAlignment: boolean }): unknown
}
interface Detection {
  box: { x: number; y: number }
}
interface FaceApi {
  version: string
  SsdMobilenetv1Options: new (o: { minConfidence: number }) => unknown
  extractFaceTensors(t: Tensor, boxes: unknown[]): Promise<Tensor[]>
  nets: {
    ssdMobilenetv1: { loadFromDisk(dir: string): Promise<void>; locateFaces(t: Tensor, o: unknown): Promise<Detection[]> }
    faceLandmark68Net: { loadFromDisk(dir: string): Promise<void>; detectLandmarks(t: Tensor): Promise<Landmarks> }
    faceRecognitionNet: { loadFromDisk(dir: string): Promise<void>; computeFaceDescriptor(t: Tensor): Promise<Float32Array> }
  }
}
interface Tfjs {
  version_core: string
  setBackend(name: string): Promise<boolean>
  ready(): Promise<void>
  getBackend(): string
  env(): { getBool(flag: string): boolean }
  tensor3d(data: Int32Array, shape: [number, number, number], dtype: 'int32'): Tensor
}

export async function loadFaceApi(): Promise<FaceApiPeer> {
  const tf = require('@tensorflow/tfjs') as Tfjs
  require('@tensorflow/tfjs-backend-wasm')
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi
  // No setWasmPaths: under Node the backend then reads its .wasm beside the module with fs
  // (a custom path would go through fetch(), which cannot read local files in Node 20).
  await tf.setBackend('wasm')
  await tf.ready()
  const modelDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model')
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir)
  await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir)
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir)
  const options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 })
  const disposeAll = (ts: Tensor[]) => ts.forEach((t) => t.dispose())
  return {
    describe: () =>
      `face-api ${faceapi.version} on tfjs ${tf.version_core} backend=${tf.getBackend()} simd=${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')} threads=${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')}`,
    async run(img, clock) {
      const input = await clock.time('to tensor', () => tf.tensor3d(Int32Array.from(img.data), [img.height, img.width, 3], 'int32'))
      try {
        const detections = await clock.time('detect (ssd-mobilenetv1)', () => faceapi.nets.ssdMobilenetv1.locateFaces(input, options))
        if (detections.length === 0) return 0
        const det = detections[0]
        const landmarks = await clock.time('landmarks (68, crop + net)', async () => {
          const faces = await faceapi.extractFaceTensors(input, [det])
          try {
            return (await faceapi.nets.faceLandmark68Net.detectLandmarks(faces[0])).shiftBy(det.box.x, det.box.y)
          } finally {
            disposeAll(faces)
          }
        })
        const descriptor = await clock.time('descriptor (align + resnet-34)', async () => {
          const faces = await faceapi.extractFaceTensors(input, [landmarks.align(null, { useDlibAlignment: true })])
          try {
            return await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(faces[0])
          } finally {
            disposeAll(faces)
          }
        })
        if (descriptor.length !== 128) throw new Error(`face-api descriptor has ${descriptor.length} values`)
        return detections.length
      } finally {
        input.dispose()
      }
    }
  }
}
