import type { Gallery } from '../engine'
import { galleryFromStore } from '../residents'
import type { Store } from '../store'

/** The in-memory gallery of the active model, rebuilt from the store after every resident change. */
export class GalleryRef {
  private current: Gallery

  constructor(private readonly store: Store) {
    this.current = galleryFromStore(store)
  }

  get gallery(): Gallery {
    return this.current
  }

  refresh(): void {
    this.current = galleryFromStore(this.store)
  }
}
