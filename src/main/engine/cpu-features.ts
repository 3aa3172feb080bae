/**
 * The CPU features that decide which prepared model file runs fastest (manifest
 * prepared.withoutAvx512): onnxruntime's NCHWc kernels use 16-float blocks with AVX-512F and 8-float
 * blocks without. Read from /proc/cpuinfo on Linux; elsewhere unknown.
 */
import { readFileSync } from 'node:fs'

export interface CpuFeatures {
  /** AVX-512 Foundation: true or false when known, null when the flags could not be read. */
  avx512f: boolean | null
}

export const UNKNOWN_CPU: CpuFeatures = { avx512f: null }

/** The features named by the first `flags` line of a /proc/cpuinfo text (x86 Linux). */
export function parseCpuInfo(text: string): CpuFeatures {
  const line = text.split('\n').find((l) => /^flags\s*:/.test(l))
  if (!line) return UNKNOWN_CPU
  const flags = new Set(line.slice(line.indexOf(':') + 1).trim().split(/\s+/))
  return { avx512f: flags.has('avx512f') }
}

let cached: CpuFeatures | null = null

/** This machine's features (read once): x64 Linux from /proc/cpuinfo, anything else unknown. */
export function cpuFeatures(): CpuFeatures {
  if (cached) return cached
  let features = UNKNOWN_CPU
  if (process.platform === 'linux' && process.arch === 'x64') {
    try {
      features = parseCpuInfo(readFileSync('/proc/cpuinfo', 'utf8'))
    } catch {
      // No /proc (a sandbox): the main prepared file, which runs everywhere.
    }
  }
  cached = features
  return features
}
