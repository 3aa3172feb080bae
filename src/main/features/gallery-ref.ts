import { templateGallery, type Gallery } from '../engine'
import type { GalleryMix } from '../access'
import { galleryFromStore, galleryMix } from '../residents'
import type { Store } from '../store'

/**
 * The in-memory galleries of the active model, rebuilt from the store after every resident change:
 * every enrolled photo, and one template per resident (the mean of their photos), which is what the
 * door compares a face with (bench:openset: more residents recognised at the same stranger rate).
 */
export class GalleryRef {
  private photoRows: Gallery
  private templateRows: Gallery
  private rows: GalleryMix

  constructor(private readonly store: Store) {
    this.photoRows = galleryFromStore(store)
    this.templateRows = templateGallery(this.photoRows)
    this.rows = galleryMix(this.photoRows)
  }

  /** One template per resident (a one-photo resident's is that photo): the door's comparison. */
  get gallery(): Gallery {
    return this.templateRows
  }

  /** What a stranger meets: one-photo residents (their template is the photo) and the others (the G of the threshold in force). */
  get mix(): GalleryMix {
    return this.rows
  }

  /** Every enrolled photo. */
  get photos(): Gallery {
    return this.photoRows
  }

  refresh(): void {
    this.photoRows = galleryFromStore(this.store)
    this.templateRows = templateGallery(this.photoRows)
    this.rows = galleryMix(this.photoRows)
  }
}
