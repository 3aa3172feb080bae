import { describe, expect, it } from 'vitest'
import { resolveStaticPath } from '../../../src/main/host/static-files'

describe('resolveStaticPath', () => {
  const root = '/srv/renderer'
  it('maps / to index.html and files below the root', () => {
    expect(resolveStaticPath(root, '/')).toBe('/srv/renderer/index.html')
    expect(resolveStaticPath(root, '/assets/a.js?v=1')).toBe('/srv/renderer/assets/a.js')
  })
  it('refuses paths that leave the root', () => {
    expect(resolveStaticPath(root, '/../secret')).toBeNull()
    expect(resolveStaticPath(root, '/%2e%2e/%2e%2e/etc/passwd')).toBeNull()
    expect(resolveStaticPath(root, '/assets/%00.js')).toBeNull()
    expect(resolveStaticPath(root, '/%E0%A4%A')).toBeNull()
    expect(resolveStaticPath(root, '/..%2frenderer2/x')).toBeNull()
  })
})
