import { l2Normalize } from './distance'
import { Gallery } from './gallery'

/**
 * A resident's template: the unit-length mean of their photos' embeddings. Photos taken apart
 * (light, pose, glasses) err in different directions, so their mean lies nearer the person's own
 * face than any single photo; the photos themselves stay in the store and the photo gallery.
 */
export function residentTemplate(embeddings: readonly Float32Array[]): Float32Array {
  const dim = embeddings[0]?.length ?? 0
  const sum = new Float64Array(dim)
  for (const e of embeddings) for (let i = 0; i < dim; i++) sum[i] += e[i]
  return l2Normalize(sum)
}

/** One row per resident, its template: a stranger is then compared with as many rows as there are residents. */
export function templateGallery(photos: Gallery): Gallery {
  const out = new Gallery()
  for (const id of photos.residents) {
    const own = photos.embeddingsOf(id)
    if (own.length > 0) out.add(id, residentTemplate(own))
  }
  return out
}
