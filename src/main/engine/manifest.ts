import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { AppError } from '../../shared/errors'

/**
 * models/manifest.json: every model file, how to feed it, what its outputs mean, and every
 * pipeline constant. Validated once at engine creation; code never hard-codes these values.
 */

const positive = z.number().positive()
const pointSchema = z.tuple([z.number(), z.number()])

const inputSchema = z
  .object({
    name: z.string().min(1),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    layout: z.literal('NCHW'),
    channelOrder: z.enum(['RGB', 'BGR', 'GRAY']),
    mean: z.array(z.number()),
    std: z.array(positive),
    resize: z.literal('stretch')
  })
  .refine((i) => i.mean.length === (i.channelOrder === 'GRAY' ? 1 : 3) && i.std.length === i.mean.length, {
    message: 'mean/std need one value per input channel (3 for RGB/BGR, 1 for GRAY)'
  })

const outputSchema = z.object({ name: z.string().min(1), meaning: z.string() })

const fileName = z.string().regex(/^[\w.-]+\.onnx$/, 'a plain *.onnx file name inside the models folder')
const sha256 = z.string().regex(/^[0-9a-f]{64}$/)
/** Smallest normal float32; a preparation must flush at least the denormals. */
const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38

/**
 * The file the engine loads instead of the original, derived by `npm run models`
 * (scripts/prepare-model.mjs): float32 weights with |w| < flushAbsBelow set to 0, because denormal
 * weights (and tiny ones whose products underflow) cost a microcode assist each on Intel CPUs; and
 * with rewritePrelu, per-channel PRelu as depthwise 1x1 convs that onnxruntime fuses (same outputs).
 */
const preparedSchema = z.object({
  file: fileName,
  sha256,
  flushAbsBelow: z.number().min(FLOAT32_MIN_NORMAL).max(1e-6),
  rewritePrelu: z.boolean(),
  comment: z.string().optional()
})

const modelBase = {
  /** The original as fetched (checked against its source), kept to derive and check the prepared file. */
  file: fileName,
  sha256,
  source: z.object({ id: z.string(), path: z.string() }).optional(),
  prepared: preparedSchema.optional(),
  input: inputSchema
}

const detectorSchema = z.object({
  ...modelBase,
  role: z.literal('detector'),
  outputs: z.object({ scores: outputSchema, boxes: outputSchema }),
  faceClass: z.number().int().nonnegative(),
  scoreThreshold: z.number().min(0).max(1),
  nmsIouThreshold: z.number().min(0).max(1),
  maxFaces: z.number().int().positive()
})

const landmarksSchema = z.object({
  ...modelBase,
  role: z.literal('landmarks'),
  outputs: z.object({ points: outputSchema }),
  pointCount: z.number().int().positive(),
  fivePointsInTemplateOrder: z.array(z.array(z.number().int().nonnegative()).min(1)).length(5)
})

/** Impostor tail (npm run bench:tail): distance below which a fraction `far` of cross-person comparisons fall. */
const tailSchema = z
  .object({
    comparisons: z.number().int().positive(),
    rows: z
      .array(z.object({ far: z.number().gt(0).lt(1), distance: positive, extrapolated: z.boolean().optional() }))
      .min(2)
      .refine((rows) => rows.every((r, i) => i === 0 || (r.far < rows[i - 1].far && r.distance < rows[i - 1].distance)), {
        message: 'rows must go from the highest FAR down, distances falling with it'
      }),
    calibration: z.string().optional()
  })

const thresholdsSchema = z.object({
  accuracy: positive,
  far: z.record(z.string(), positive),
  calibration: z.string().optional(),
  tail: tailSchema.optional(),
  /** The same for residents' templates (mean of their photos) against other people's photos: what the door compares. */
  templateTail: tailSchema.optional()
})

const embeddingSchema = z.object({
  ...modelBase,
  role: z.literal('embedding'),
  outputs: z.object({ embedding: outputSchema }),
  dimension: z.number().int().positive(),
  alignment: z.object({ method: z.literal('similarity'), template: z.array(pointSchema).length(5) }),
  /** Embed the crop and its mirror, sum, normalise. */
  flipTta: z.boolean(),
  thresholds: thresholdsSchema
})

/**
 * The passive liveness operating point, calibrated by `npm run bench:liveness`: per-frame p(live) as
 * clamped log-odds, averaged over the tracked face's last `windowMs`.
 */
const passiveOperatingPointSchema = z
  .object({
    /** |log-odds| cap per frame, so one extreme frame cannot outvote a window. */
    logitClamp: positive,
    /** Window mean at or above: live. */
    passAtLogit: z.number(),
    /** Window mean below: spoof. Between the two: unsure. */
    failBelowLogit: z.number(),
    windowMs: z.number().int().positive(),
    /** Fewer scored frames (with context) in the window: unsure. */
    minFrames: z.number().int().positive(),
    /**
     * Liveness crop side / face box side below this (a tight crop, a face filling the frame): the
     * model has no context, the frame is not evidence.
     */
    minContextScale: positive,
    calibration: z.string().optional()
  })
  .refine((p) => p.failBelowLogit <= p.passAtLogit, { message: 'failBelowLogit cannot exceed passAtLogit', path: ['failBelowLogit'] })

const livenessSchema = z.object({
  ...modelBase,
  role: z.literal('liveness'),
  outputs: z.object({ logits: outputSchema }),
  boxScale: positive,
  classCount: z.number().int().min(2),
  liveClass: z.number().int().nonnegative(),
  operatingPoint: passiveOperatingPointSchema,
  channelOrderEvidence: z.string().optional()
})

const indexList = z.array(z.number().int().nonnegative())
/** One eye in the 68-point layout: centre points, the two corners (width), the 6-point contour (EAR). */
const eyePointsSchema = z.object({
  centre: indexList.min(1),
  corners: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  contour: indexList.length(6)
})

const eyeSchema = z
  .object({
    ...modelBase,
    role: z.literal('eye'),
    outputs: z.object({ logits: outputSchema }),
    eyeBoxScale: positive,
    classCount: z.number().int().min(2),
    closedClass: z.number().int().nonnegative(),
    /** Both eyes, image-left first. */
    eyes: z.array(eyePointsSchema).length(2),
    /** Mean p(closed) of both eyes at or above: closed; below openBelow: open. */
    closedAtOrAbove: z.number().min(0).max(1),
    openBelow: z.number().min(0).max(1),
    calibration: z.string().optional()
  })
  .refine((e) => e.openBelow <= e.closedAtOrAbove, { message: 'openBelow cannot exceed closedAtOrAbove', path: ['openBelow'] })

const modelSchema = z
  .discriminatedUnion('role', [detectorSchema, landmarksSchema, embeddingSchema, livenessSchema, eyeSchema])
  .refine((m) => m.prepared?.file !== m.file, { message: 'the prepared file needs its own name', path: ['prepared', 'file'] })

/** onnxruntime session settings, chosen by measurement (see the manifest's `measured` note). */
const runtimeSchema = z.object({
  intraOpThreads: z.number().int().positive(),
  allowSpinning: z.boolean(),
  graphOptimizationLevel: z.enum(['disabled', 'basic', 'extended', 'all']),
  /** onnxruntime's session.set_denormal_as_zero: applies to its pool threads only (not to 1 thread). */
  denormalAsZero: z.boolean(),
  measured: z.string().optional()
})

const manifestSchema = z.object({
  schemaVersion: z.literal(1),
  about: z.string().optional(),
  sources: z.record(
    z.string(),
    z.object({ kind: z.literal('npm'), spec: z.string(), integrity: z.string().regex(/^sha512-/), license: z.string(), url: z.string().optional() })
  ),
  defaults: z.object({
    detector: z.string(),
    landmarks: z.string(),
    embedding: z.string(),
    liveness: z.string(),
    eye: z.string()
  }),
  runtime: runtimeSchema,
  pipeline: z.object({
    /** Decompression-bomb guard, checked from the header before decoding. */
    maxInputPixels: z.number().int().positive(),
    /** Zero border added around still images before detection. */
    stillImagePadPx: z.number().int().nonnegative(),
    /** Camera frames: redo detection with the still-image border when a face touches the edge. */
    padWhenBoxTouchesBorder: z.boolean(),
    borderTouchTolerancePx: z.number().nonnegative(),
    /** Camera frames: also redo it padded when a face box is taller/wider than this fraction of the frame. */
    padWhenFaceFraction: z.number().positive().max(1),
    /**
     * Camera frames with no face at all: a face filling the frame (a tight crop, someone close to the
     * camera) is often found only with the border, so the padded pass is retried, but cheaply (an
     * empty doorway is most frames): at once when the detector's best face score reaches
     * `nearMissScore` (an empty room stays far below), or when the previous frame's face needed the
     * padding, and otherwise on every `everyNthEmptyFrame`-th empty frame. See npm run bench:retry.
     */
    padRetryWhenNoFace: z
      .object({
        nearMissScore: z.number().min(0).max(1),
        everyNthEmptyFrame: z.number().int().positive(),
        comment: z.string().optional()
      })
      .optional(),
    quality: z.object({ noseDepthRatio: positive, comment: z.string().optional() })
  }),
  models: z.record(z.string(), modelSchema)
})

export type Manifest = z.infer<typeof manifestSchema>
export type ModelSpec = z.infer<typeof modelSchema>
export type InputSpec = z.infer<typeof inputSchema>
export type DetectorSpec = z.infer<typeof detectorSchema>
export type LandmarksSpec = z.infer<typeof landmarksSchema>
export type EmbeddingSpec = z.infer<typeof embeddingSchema>
export type LivenessSpec = z.infer<typeof livenessSchema>
export type EyeSpec = z.infer<typeof eyeSchema>
export type PassiveOperatingPoint = z.infer<typeof passiveOperatingPointSchema>
export type PipelineConfig = Manifest['pipeline']
export type RuntimeConfig = Manifest['runtime']
export type Role = ModelSpec['role']
type SpecOf<R extends Role> = Extract<ModelSpec, { role: R }>

/** NCHW dims, batch 1, of a model input. */
export function inputDims(input: InputSpec): number[] {
  return [1, input.channelOrder === 'GRAY' ? 1 : 3, input.height, input.width]
}

export function parseManifest(json: unknown, origin: string): Manifest {
  const parsed = manifestSchema.safeParse(json)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new AppError('MODELS_CORRUPT', `Model manifest ${origin} is invalid (${issues}): restore it from git and run \`npm run models\``)
  }
  return parsed.data
}

export function loadManifest(path: string): Manifest {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    throw new AppError('MODELS_MISSING', `Model manifest not found at ${path}: restore models/manifest.json and run \`npm run models\``)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new AppError('MODELS_CORRUPT', `Model manifest ${path} is not valid JSON: restore it from git and run \`npm run models\``)
  }
  return parseManifest(json, path)
}

/** The file the engine loads for a model: its prepared derivative when it has one, else the original. */
export function loadedFile(spec: ModelSpec): { file: string; sha256: string } {
  return spec.prepared ? { file: spec.prepared.file, sha256: spec.prepared.sha256 } : { file: spec.file, sha256: spec.sha256 }
}

/** The model with this id, checked to have the expected role. */
export function modelFor<R extends Role>(manifest: Manifest, id: string, role: R): SpecOf<R> & { id: string } {
  const spec = manifest.models[id]
  if (!spec) throw new AppError('MODELS_CORRUPT', `Model "${id}" is not in the manifest (known: ${Object.keys(manifest.models).join(', ')})`)
  if (spec.role !== role) throw new AppError('MODELS_CORRUPT', `Model "${id}" has role ${spec.role}, expected ${role}`)
  return { ...(spec as SpecOf<R>), id }
}
