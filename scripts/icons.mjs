#!/usr/bin/env node
// `npm run icons`: the app icon's PNG sizes from its one source, resources/icon.svg (sharp renders
// the SVG at each size, so small sizes stay sharp). Build outputs, not committed: `npm run dist`
// runs this first; electron-builder picks resources/icons/<N>x<N>.png for the packages' hicolor
// icons, and the Electron window uses the largest.
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'

export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512]
// sharp rasterises an SVG at 72 dpi (512 px here); a higher density keeps large outputs crisp.
const SVG_DPI = 72
const SVG_SIZE = 512

const source = fileURLToPath(new URL('../resources/icon.svg', import.meta.url))
const outDir = fileURLToPath(new URL('../resources/icons/', import.meta.url))

export async function renderIcons(svgPath = source, dir = outDir) {
  mkdirSync(dir, { recursive: true })
  const written = []
  for (const size of ICON_SIZES) {
    const density = Math.max(SVG_DPI, (SVG_DPI * size) / SVG_SIZE)
    const file = `${dir}${size}x${size}.png`
    await sharp(svgPath, { density }).resize(size, size).png({ compressionLevel: 9 }).toFile(file)
    written.push(file)
  }
  return written
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const written = await renderIcons()
  console.log(`icons: ${written.length} sizes (${ICON_SIZES.join(', ')}) in resources/icons/`)
}
