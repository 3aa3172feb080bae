import { resolve } from 'node:path'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'electron-vite'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // index: the Electron shell; host: the same app served to a browser when Electron is absent;
        // engine-worker: the face engine's worker thread (out/main/engine-worker.js, see worker-entry.ts).
        input: {
          index: resolve('src/main/index.ts'),
          host: resolve('src/main/host.ts'),
          'engine-worker': resolve('src/main/engine/worker/engine-worker.ts')
        }
      }
    }
  },
  preload: {
    build: {
      // Sandboxed preloads must be one CommonJS file with no external imports but 'electron'.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } }
    },
    plugins: [
      svelte({ configFile: resolve('svelte.config.js') }),
      // `npm run dev` only: Vite's dev server injects component CSS as <style> elements, which the
      // kiosk's CSP (style-src 'self') refuses; built pages load one stylesheet and need no such allowance.
      {
        name: 'happy-house-dev-csp',
        apply: 'serve',
        transformIndexHtml: (html: string) => html.replace("style-src 'self';", "style-src 'self' 'unsafe-inline';")
      }
    ]
  }
})
