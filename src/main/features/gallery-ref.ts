import { templateGallery, type Gallery } from '../engine'
import { galleryFromStore } from '../residents'
import type { Store } from '../store'

/**
 * The in-memory galleries of the active model, rebuilt from the store after every resident change:
 * every enrolled photo, and one template per resident (the mean of their photos), which is what the
 * door compares a face with (bench:openset: more residents recognised at the same stranger rate).
 */
export class GalleryRef {
  private photoRows: Gallery
  private templateRows: Gallery

  constructor(private readonly store: Store) {
    this.photoRows = galleryFromStore(store)
    this.templateRows = templateGallery(this.photoRows)
  }

  /** One template per resident: the door's comparison (its size is the G of the threshold in force). */
  get gallery(): Gallery {
    return this.templateRows
  }

  /** Every enrolled photo. */
  get photos(): Gallery {
    return this.photoRows
  }

  refresh(): void {
    this.photoRows = galleryFromStore(this.store)
    this.templateRows = templateGallery(this.photoRows)
  }
}
