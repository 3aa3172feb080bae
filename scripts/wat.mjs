// WebAssembly text -> binary with wabt's wat2wasm (Debian: apt-get install wabt), shared by the
// build script of the gallery kernel, its test (the committed module must be the .wat) and the
// memory-bandwidth probe of bench:speed.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Why wat2wasm cannot run here, or null when it can. */
export function watToolMissing() {
  const probe = spawnSync('wat2wasm', ['--version'], { encoding: 'utf8' })
  return probe.error || probe.status !== 0 ? `wat2wasm (wabt) is not installed: ${probe.error?.message ?? probe.stderr}` : null
}

/**
 * Compiles WebAssembly text (a file path, or the source itself with `{ source }`) to bytes.
 * @param {string | { source: string }} input
 * @returns {Buffer}
 */
export function watToWasm(input) {
  const dir = mkdtempSync(join(tmpdir(), 'wat-'))
  try {
    const watPath = typeof input === 'string' ? input : join(dir, 'in.wat')
    if (typeof input !== 'string') writeFileSync(watPath, input.source)
    const out = join(dir, 'out.wasm')
    const result = spawnSync('wat2wasm', [watPath, '-o', out], { encoding: 'utf8' })
    if (result.error || result.status !== 0) throw new Error(`wat2wasm failed: ${result.error?.message ?? result.stderr}`)
    return readFileSync(out)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
