import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // Compiles the renderer's rune classes (state/*.svelte.ts) that tests/renderer/state drives.
  plugins: [svelte({ configFile: false })],
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    // Real ONNX sessions and real image decoding: give them time, keep CPU for them.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2
  }
})
