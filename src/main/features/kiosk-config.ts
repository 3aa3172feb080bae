import { z } from 'zod'

/** Kiosk-loop constants in one validated place. */
export const kioskConfigSchema = z.object({
  /** Below this face size (px in the frame the renderer sends) the kiosk asks to come closer. */
  minFacePx: z.number().positive(),
  /**
   * A second face at least this fraction of the subject's size (and at least minFacePx) is a second
   * person at the door: "one at a time". Someone a step behind has a face 0.6-0.7x as wide.
   */
  crowdRatio: z.number().min(0).max(1),
  /** Camera frames are kept as access-log snapshots only up to this size. */
  maxSnapshotBytes: z.number().int().positive(),
  tickMs: z.number().int().positive()
})

export const KIOSK_CONFIG = kioskConfigSchema.parse({
  minFacePx: 64,
  crowdRatio: 0.5,
  maxSnapshotBytes: 256 * 1024,
  tickMs: 1000
})
