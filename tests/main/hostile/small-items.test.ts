import { createServer, type Server } from 'node:http'
import { chmod, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { kioskChildEnv } from '../../../scripts/child-env.mjs'
import { serveStatic } from '../../../src/main/host/static-files'
import { openEncryptedStore } from '../../../src/main/security'

/** Issue 13 item 9 (the parts outside other developers' files): symlinks, start-up env, data dir rights. */

const cleanups: string[] = []
afterEach(async () => {
  for (const dir of cleanups.splice(0)) await rm(dir, { recursive: true, force: true })
})
async function temp(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  cleanups.push(dir)
  return dir
}

async function serve(root: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => void serveStatic(root, req.url ?? '/', res))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return { server, origin: `http://127.0.0.1:${port}` }
}

describe('the static server', () => {
  it('does not follow a symbolic link out of the renderer folder (a real server on 127.0.0.1)', async () => {
    const base = await temp('hh-static-')
    const root = join(base, 'renderer')
    await mkdir(join(root, 'assets'), { recursive: true })
    await writeFile(join(root, 'index.html'), '<!doctype html><title>kiosk</title>')
    await writeFile(join(base, 'secret.txt'), 'biometric key material')
    await symlink(join(base, 'secret.txt'), join(root, 'assets', 'leak.js'))
    await symlink(base, join(root, 'up'))
    await writeFile(join(root, 'assets', 'real.js'), 'console.log(1)')
    await symlink(join(root, 'assets', 'real.js'), join(root, 'assets', 'alias.js'))
    const { server, origin } = await serve(root)
    try {
      for (const path of ['/assets/leak.js', '/up/secret.txt']) {
        const r = await fetch(origin + path)
        expect(r.status, path).toBe(404)
        expect(await r.text()).not.toContain('biometric')
      }
      expect((await fetch(origin + '/')).status).toBe(200)
      expect(await (await fetch(origin + '/assets/alias.js')).text()).toBe('console.log(1)')
    } finally {
      server.close()
    }
  })
})

describe('npm start', () => {
  it('does not pass ELECTRON_RENDERER_URL (or the dev-mode flag) to the kiosk', () => {
    const env = kioskChildEnv({ PATH: '/usr/bin', ELECTRON_RENDERER_URL: 'http://evil.example/', NODE_ENV_ELECTRON_VITE: 'development', HAPPY_HOUSE_DATA: '/d' })
    expect(env).toEqual({ PATH: '/usr/bin', HAPPY_HOUSE_DATA: '/d' })
  })
})

describe('the data directory', () => {
  it('is created 0700, and an existing one readable by others is tightened to 0700', async () => {
    const base = await temp('hh-datadir-')
    const fresh = join(base, 'a', 'happy-house')
    const store = await openEncryptedStore(fresh, { activeModelId: 'm' })
    await store.close()
    expect((await stat(fresh)).mode & 0o777).toBe(0o700)

    const loose = join(base, 'loose')
    await mkdir(loose)
    await chmod(loose, 0o755)
    const again = await openEncryptedStore(loose, { activeModelId: 'm' })
    await again.close()
    expect((await stat(loose)).mode & 0o777).toBe(0o700)
  })
})
