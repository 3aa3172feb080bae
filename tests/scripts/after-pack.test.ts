import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import afterPack, { electronBinaryPath } from '../../scripts/after-pack.mjs'

// Electron's fuse wire: a sentinel, a version byte, a length byte, then one byte per fuse.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
const FUSE_COUNT = 9

let outDir: string
beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'hh-afterpack-'))
})
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true })
})

/** A stand-in for the packaged Electron executable: padding around a real fuse wire, all fuses at Electron's defaults. */
async function fakeElectronBinary(path: string): Promise<void> {
  // Electron's shipped defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on,
  // asar integrity off, asar-only off, V8 snapshot off, file:// privileges on, wasm trap handlers on.
  const wire = Buffer.concat([Buffer.from([1, FUSE_COUNT]), Buffer.from('101100011', 'ascii')])
  await writeFile(path, Buffer.concat([Buffer.alloc(4096, 0x90), Buffer.from(SENTINEL, 'ascii'), wire, Buffer.alloc(4096, 0x90)]))
}

describe('the electron-builder afterPack hook', () => {
  it('turns RunAsNode, NODE_OPTIONS and --inspect off and asar integrity and asar-only loading on', async () => {
    const context = {
      appOutDir: outDir,
      electronPlatformName: 'linux',
      packager: { appInfo: { productFilename: 'Happy House' }, executableName: 'happy-house' }
    }
    expect(electronBinaryPath(context)).toBe(join(outDir, 'happy-house'))
    await fakeElectronBinary(join(outDir, 'happy-house'))
    await afterPack(context)
    const fuses = await getCurrentFuseWire(join(outDir, 'happy-house'))
    expect(fuses[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE)
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE)
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE)
    expect(fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE)
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE)
    expect(fuses[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE)
  })

  it('finds the binary on every platform electron-builder packs for', () => {
    const packager = { appInfo: { productFilename: 'Happy House' }, executableName: 'happy-house' }
    expect(electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'win32', packager })).toBe(join('/o', 'Happy House.exe'))
    expect(electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'darwin', packager })).toBe(join('/o', 'Happy House.app'))
  })
})
