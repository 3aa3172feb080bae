import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { ICON_SIZES, renderIcons } from '../../scripts/icons.mjs'
import { windowIconPath } from '../../src/main/shell/packaged-paths'

describe('npm run icons', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  it('renders every size electron-builder and a desktop entry use, 16 to 512, from the one SVG', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hh-icons-'))
    dirs.push(dir)
    const files = await renderIcons(undefined, `${dir}/`)
    expect(ICON_SIZES[0]).toBe(16)
    expect(ICON_SIZES.at(-1)).toBe(512)
    for (const [i, size] of ICON_SIZES.entries()) {
      expect(files[i]).toBe(join(dir, `${size}x${size}.png`))
      const meta = await sharp(files[i]).metadata()
      expect([meta.format, meta.width, meta.height]).toEqual(['png', size, size])
      // The drawing, not an empty canvas: the corners are transparent, the middle is not.
      const { data, info } = await sharp(files[i]).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
      const alphaAt = (x: number, y: number): number => data[(y * info.width + x) * info.channels + 3]!
      expect(alphaAt(0, 0)).toBe(0)
      expect(alphaAt(size >> 1, size >> 1)).toBe(255)
    }
  })

  it('gives the window the packaged icon only when it is there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hh-res-'))
    dirs.push(dir)
    expect(windowIconPath(true, dir, '/nowhere')).toBeUndefined()
    await sharp({ create: { width: 8, height: 8, channels: 4, background: '#fff' } }).png().toFile(join(dir, 'icon.png'))
    expect(windowIconPath(true, dir, '/nowhere')).toBe(join(dir, 'icon.png'))
    expect(windowIconPath(true, undefined, '/nowhere')).toBeUndefined()
  })
})
