/**
 * The peer to beat: @vladmandic/face-api (SSD-MobileNetV1 + 68-point landmarks + ResNet-34
 * descriptor) on the TensorFlow.js WASM backend, on the same decoded pixels.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { RgbImage } from '../../src/main/engine/image-ops'

const require = createRequire(import.meta.url)

/* eslint-disable @typescript-eslint/no-explicit-any -- face-api's Node/WASM bundle ships loose typings */
export interface FaceApiPeer {
  describe(): string
  detect(img: RgbImage): Promise<number>
  detectLandmarks(img: RgbImage): Promise<number>
  detectLandmarksDescriptor(img: RgbImage): Promise<number>
}

export async function loadFaceApi(): Promise<FaceApiPeer> {
  const tf: any = require('@tensorflow/tfjs')
  require('@tensorflow/tfjs-backend-wasm')
  const faceapi: any = require('@vladmandic/face-api/dist/face-api.node-wasm.js')
  // No setWasmPaths: under Node the backend then reads its .wasm beside the module with fs
  // (a custom path would go through fetch(), which cannot read local files in Node 20).
  await tf.setBackend('wasm')
  await tf.ready()
  const modelDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model')
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir)
  await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir)
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir)
  const options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 })
  const withTensor = async (img: RgbImage, run: (t: unknown) => Promise<unknown[]>): Promise<number> => {
    const tensor = tf.tensor3d(Int32Array.from(img.data), [img.height, img.width, 3], 'int32')
    try {
      return (await run(tensor)).length
    } finally {
      tensor.dispose()
    }
  }
  return {
    describe: () =>
      `face-api ${faceapi.version} on tfjs ${tf.version_core} backend=${tf.getBackend()} simd=${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')} threads=${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')}`,
    detect: (img) => withTensor(img, (t) => faceapi.detectAllFaces(t, options)),
    detectLandmarks: (img) => withTensor(img, (t) => faceapi.detectAllFaces(t, options).withFaceLandmarks()),
    detectLandmarksDescriptor: (img) => withTensor(img, (t) => faceapi.detectAllFaces(t, options).withFaceLandmarks().withFaceDescriptors())
  }
}
