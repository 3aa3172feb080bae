import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { watToolMissing, watToWasm } from '../../../scripts/wat.mjs'
import { GALLERY_SCAN_WASM_BASE64 } from '../../../src/main/engine/gallery-scan-wasm'

const WAT = fileURLToPath(new URL('../../../src/main/engine/gallery-scan.wat', import.meta.url))
const missing = watToolMissing()
if (missing) console.warn(`[skip] committed gallery kernel vs its .wat: ${missing}`)

// The kernel ships as base64 (no toolchain at install); it must be exactly what the reviewed text
// compiles to, or an edit of the .wat without `node scripts/build-gallery-wasm.mjs` goes unnoticed.
describe.skipIf(missing !== null)('gallery-scan-wasm.ts', () => {
  it('is gallery-scan.wat compiled by wat2wasm', () => {
    expect(GALLERY_SCAN_WASM_BASE64).toBe(watToWasm(WAT).toString('base64'))
  })
})
