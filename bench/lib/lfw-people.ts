import { readdirSync } from 'node:fs'
import { join } from 'node:path'

export interface LfwPerson {
  name: string
  /** Photo paths in file order. */
  photos: string[]
}

/** Every person of an LFW images folder with their photos, sorted by name. */
export function lfwPeople(lfwDir: string): LfwPerson[] {
  const images = join(lfwDir, 'images')
  return readdirSync(images)
    .sort()
    .map((name) => ({ name, photos: readdirSync(join(images, name)).sort().map((f) => join(images, name, f)) }))
}
