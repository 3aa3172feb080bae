import { z } from 'zod'
import { LANGUAGES, ACCESS_MODES, CHALLENGE_KINDS, LIVENESS_MODES } from '../../settings'
import { boxSchema, empty, finite, idSchema, imageBytesSchema } from './common'

export const DECISION_RESULTS = ['idle', 'pending', 'granted', 'denied', 'cooldown', 'locked-out'] as const

/** Why the kiosk shows what it shows; the renderer translates these codes. blink/turn-*: a liveness challenge step. */
export const PROMPTS = ['none', 'hold-still', 'look-at-camera', 'move-closer', 'one-at-a-time', 'claim-first', 'blink', 'turn-left', 'turn-right'] as const

export const LIVENESS_STATUSES = ['off', 'not-evaluated', 'pass', 'fail', 'unsure'] as const

/** Liveness as the decision saw it: 'off' when not required, else the verdict and mean p(live). */
export const livenessEvidenceSchema = z.object({
  status: z.enum(LIVENESS_STATUSES),
  score: finite.nullable(),
  /** The liveness mode in force (log entries from before the liveness work have none). */
  mode: z.enum(LIVENESS_MODES).optional(),
  /** How it was decided (passive window figures, challenge steps), for the log. */
  detail: z.string().optional(),
  /** The active challenge step, while one runs. */
  challenge: z
    .object({
      kind: z.enum(CHALLENGE_KINDS),
      /** 0-based step and the number of steps; 1-based attempt and the attempts allowed. */
      step: z.number().int(),
      steps: z.number().int(),
      attempt: z.number().int(),
      attempts: z.number().int(),
      /** When the step times out, epoch ms. */
      endsAt: finite
    })
    .optional()
})

/**
 * The decision as the public (unauthenticated) kiosk API shows it: no distances or margins at all,
 * and a resident's name only once the door was granted to them (granted, the cooldown after it) or,
 * in verification mode, the name the person claimed themselves. What is nearest before a decision
 * stays in main (and in the admin-only access log).
 */
export const decisionSchema = z.object({
  result: z.enum(DECISION_RESULTS),
  residentId: idSchema.nullable(),
  name: z.string().nullable(),
  claimedResidentId: idSchema.nullable(),
  framesAgreeing: z.number().int(),
  framesConsidered: z.number().int(),
  /** Agreeing frames needed for a decision (the K of "K of the last N"). */
  framesRequired: z.number().int(),
  liveness: livenessEvidenceSchema.nullable(),
  /** Machine code (e.g. 'not-recognised', 'claim-mismatch', 'liveness-failed'), translated by the UI. */
  reason: z.string(),
  message: z.string()
})
export type Decision = z.infer<typeof decisionSchema>

/** A face box of one frame: no distance ever; an identity only under the rule of `frameResultSchema`. */
export const frameFaceSchema = z.object({
  box: boxSchema,
  residentId: idSchema.nullable(),
  name: z.string().nullable(),
  liveness: finite.nullable(),
  /** The largest face: the one the decision is about. */
  subject: z.boolean()
})
export type FrameFace = z.infer<typeof frameFaceSchema>

/** May a face box carry this resident's identity, given the frame's decision? */
export function faceIdentityAllowed(decision: Pick<Decision, 'result' | 'residentId' | 'claimedResidentId' | 'reason'>, residentId: string | null): boolean {
  if (residentId === null) return true
  const granted = decision.result === 'granted' || decision.result === 'cooldown' || decision.reason === 'already-granted'
  return (granted && decision.residentId === residentId) || decision.claimedResidentId === residentId
}

export const frameResultSchema = z
  .object({
    width: z.number().int(),
    height: z.number().int(),
    faces: z.array(frameFaceSchema),
    decision: decisionSchema,
    prompt: z.enum(PROMPTS),
    processingMs: finite
  })
  // Enforced by the contract itself (the registry checks every answer against it): a face is named
  // only for the resident the decision granted, or the one claimed in verification mode.
  .transform((r) => ({
    ...r,
    faces: r.faces.map((f) => (faceIdentityAllowed(r.decision, f.residentId) ? f : { ...f, residentId: null, name: null }))
  }))
export type FrameResult = z.infer<typeof frameResultSchema>

export const kioskConfigSchema = z.object({
  mode: z.enum(ACCESS_MODES),
  language: z.enum(LANGUAGES),
  liveness: z.enum(LIVENESS_MODES),
  cameraDeviceId: z.string().nullable(),
  /** Residents someone may claim to be in verification mode (names only: nothing biometric); empty when claims are by code only. */
  claimable: z.array(z.object({ id: idSchema, name: z.string() })),
  /** Claims by name (tap or type) are allowed; false: by badge code only (settings.claimByName). */
  claimByName: z.boolean()
})
export type KioskConfig = z.infer<typeof kioskConfigSchema>

export const claimSchema = z.object({
  residentId: idSchema.nullable(),
  name: z.string().nullable(),
  expiresAt: finite.nullable()
})

export const kioskVerbs = {
  getKioskConfig: { request: empty, response: kioskConfigSchema },
  /** One camera frame (JPEG), downscaled by the renderer; answered with faces and the current decision. */
  recognizeFrame: {
    request: z.object({ frame: imageBytesSchema, capturedAt: finite }).strict(),
    response: frameResultSchema
  },
  /** Verification mode: claim an identity by tapping a name or typing/scanning a code (the resident id or name). */
  claimIdentity: {
    request: z
      .object({ residentId: idSchema.optional(), code: z.string().trim().min(1).max(128).optional() })
      .strict()
      .refine((r) => (r.residentId === undefined) !== (r.code === undefined), 'give exactly one of residentId or code'),
    response: claimSchema
  },
  cancelClaim: { request: empty, response: claimSchema }
} as const
