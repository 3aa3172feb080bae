import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'

/**
 * CPU vendor, model and SIMD level, so every timing names the machine it came from (e.g. Intel takes a
 * slow microcode assist per denormal float operand, AMD does not).
 */
export function cpuIdentity(): string {
  const lscpu = spawnSync('lscpu', [], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } })
  const text = lscpu.status === 0 ? lscpu.stdout : existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : ''
  const field = (...keys: string[]) => keys.map((k) => new RegExp(`^${k}\\s*:\\s*(.+)$`, 'm').exec(text)?.[1].trim()).find(Boolean)
  const vendor = field('Vendor ID', 'vendor_id') ?? 'unknown vendor'
  const model = field('Model name', 'model name') ?? cpus()[0]?.model ?? 'unknown model'
  const flags = (field('Flags', 'flags') ?? '').split(/\s+/)
  const simd = ['avx512f', 'avx512_vnni', 'avx2', 'neon', 'asimd'].filter((f) => flags.includes(f)).join(' ')
  // Clouds name every EPYC "AMD EPYC": family and model tell Zen 3 (25/1) from Zen 5 (26/2).
  const family = field('CPU family', 'cpu family')
  const modelNo = field('Model', 'model')
  const generation = family && modelNo && /^\d+$/.test(modelNo) ? `, family ${family} model ${modelNo}` : ''
  return `CPU: ${vendor}, ${model}${generation}${simd ? ` (${simd})` : ''}, ${cpus().length} logical cpus, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`
}
