import { z } from 'zod'

/**
 * Every tunable of the kiosk screens in one validated place: rates, sizes, timings. Components and
 * state classes read these; no magic numbers in them.
 */
const uiConfigSchema = z.object({
  recognition: z.object({
    /** Frames per second sent to main at most (one in flight at a time). */
    maxFps: z.number().positive().max(30),
    /** Frames are downscaled to this width before they travel. */
    frameWidth: z.number().int().min(160).max(1920),
    jpegQuality: z.number().min(0.3).max(1),
    /** Loop tick: how often the loop looks whether a frame may go. */
    tickMs: z.number().int().positive(),
    firstBackoffMs: z.number().int().positive(),
    maxBackoffMs: z.number().int().positive(),
    /** Face boxes older than this are hidden (main stopped answering). */
    staleAfterMs: z.number().int().positive()
  }),
  kiosk: z.object({
    /** How long "Welcome" / "Not recognised" stay before the next frame's state replaces them. */
    decisionHoldMs: z.number().int().nonnegative(),
    configRetryMs: z.number().int().positive()
  }),
  admin: z.object({
    longPressMs: z.number().int().positive(),
    /** Back to the door after this long without a touch or key. */
    idleLockMs: z.number().int().positive()
  }),
  camera: z.object({ retryMs: z.number().int().positive() }),
  capture: z.object({
    frameWidth: z.number().int().min(320).max(1920),
    jpegQuality: z.number().min(0.5).max(1),
    checkIntervalMs: z.number().int().positive(),
    target: z.number().int().min(1).max(20),
    spacingMs: z.number().int().nonnegative(),
    stableChecks: z.number().int().min(1),
    /** Checks in a row that must say "not live" before the hint says so (see SettledHint). */
    notLiveChecks: z.number().int().min(1),
    /** The face box runs ahead of its frame by at most this, and goes once its frame is this old (BoxTrack). */
    boxMaxLeadMs: z.number().int().nonnegative(),
    boxStaleMs: z.number().int().positive(),
    /** Varied photos: the face must have moved by this share of its width since the last capture ... */
    minChange: z.number().min(0).max(1),
    /** ... unless this long has passed. */
    varietyWaitMs: z.number().int().nonnegative()
  }),
  enroll: z.object({
    /** Photos per resident the dialog asks for (main's quality config recommendedPhotos): fewer get a note saying why. */
    recommendedPhotos: z.number().int().min(1).max(10)
  }),
  upload: z.object({
    /** Bytes per enrollment request, well below the WebSocket message limit. */
    maxBatchBytes: z.number().int().positive()
  })
})

export type UiConfig = z.infer<typeof uiConfigSchema>

export const UI_CONFIG: UiConfig = uiConfigSchema.parse({
  recognition: { maxFps: 8, frameWidth: 640, jpegQuality: 0.8, tickMs: 30, firstBackoffMs: 500, maxBackoffMs: 5_000, staleAfterMs: 1_500 },
  kiosk: { decisionHoldMs: 3_500, configRetryMs: 3_000 },
  admin: { longPressMs: 2_000, idleLockMs: 5 * 60_000 },
  camera: { retryMs: 3_000 },
  capture: { frameWidth: 960, jpegQuality: 0.92, checkIntervalMs: 300, target: 5, spacingMs: 900, stableChecks: 2, notLiveChecks: 4, boxMaxLeadMs: 700, boxStaleMs: 1_500, minChange: 0.08, varietyWaitMs: 3_000 },
  enroll: { recommendedPhotos: 3 },
  upload: { maxBatchBytes: 24 * 1024 * 1024 }
})
