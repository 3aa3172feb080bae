/**
 * Object URLs for JPEG bytes (thumbnails, snapshots, captured frames), keyed so the same image is not
 * turned into a new URL twice, and revoked when no longer shown so their memory is released.
 */
export class BlobUrls {
  private readonly urls = new Map<string, string>()

  url(key: string, bytes: Uint8Array, type = 'image/jpeg'): string {
    const existing = this.urls.get(key)
    if (existing) return existing
    const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }))
    this.urls.set(key, url)
    return url
  }

  has(key: string): boolean {
    return this.urls.has(key)
  }

  revoke(key: string): void {
    const url = this.urls.get(key)
    if (url) URL.revokeObjectURL(url)
    this.urls.delete(key)
  }

  /** Revokes every URL whose key is not in `keep`. */
  keepOnly(keep: Iterable<string>): void {
    const wanted = new Set(keep)
    for (const key of [...this.urls.keys()]) if (!wanted.has(key)) this.revoke(key)
  }

  clear(): void {
    for (const url of this.urls.values()) URL.revokeObjectURL(url)
    this.urls.clear()
  }
}
