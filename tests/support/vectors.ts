import type { PhotoQuality } from '../../src/main/store'

// Kept free of sharp so the kill-test child starts fast.

/** A random L2-normalised vector (stand-in data for store tests that do not need a real face). */
export function randomUnitVector(dims = 512, random: () => number = Math.random): Float32Array {
  const v = new Float32Array(dims)
  let sum = 0
  for (let i = 0; i < dims; i++) {
    v[i] = random() * 2 - 1
    sum += v[i] * v[i]
  }
  const inv = 1 / Math.sqrt(sum)
  for (let i = 0; i < dims; i++) v[i] *= inv
  return v
}

export const SAMPLE_QUALITY: PhotoQuality = {
  faceSizePx: 96,
  sharpness: 250,
  yawDeg: 3,
  rollDeg: -2,
  brightness: 120,
  detectorScore: 0.98,
  liveness: null
}

