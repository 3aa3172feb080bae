import { describe, expect, it } from 'vitest'
import { cpuFeatures, parseCpuInfo, UNKNOWN_CPU } from '../../../src/main/engine/cpu-features'

const cpuinfo = (flags: string) => `processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Processor\nflags\t\t: ${flags}\n\nprocessor\t: 1\nflags\t\t: fpu\n`

describe('cpu features', () => {
  it('reads AVX-512F from the first flags line of /proc/cpuinfo', () => {
    expect(parseCpuInfo(cpuinfo('fpu sse2 avx avx2 fma avx512f avx512dq avx512bw'))).toEqual({ avx512f: true })
    expect(parseCpuInfo(cpuinfo('fpu sse2 avx avx2 fma sha_ni vaes'))).toEqual({ avx512f: false })
    // Other AVX-512 extensions without the foundation do not count.
    expect(parseCpuInfo(cpuinfo('avx2 avx512_vnni_ish avx512fp16x'))).toEqual({ avx512f: false })
  })

  it('is unknown without a flags line (another architecture, an empty file)', () => {
    expect(parseCpuInfo('processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd\n')).toEqual(UNKNOWN_CPU)
    expect(parseCpuInfo('')).toEqual(UNKNOWN_CPU)
  })

  it("this machine's features are read once and are known on x64 Linux", () => {
    const first = cpuFeatures()
    expect(cpuFeatures()).toBe(first)
    if (process.platform === 'linux' && process.arch === 'x64') expect(first.avx512f).not.toBeNull()
  })
})
