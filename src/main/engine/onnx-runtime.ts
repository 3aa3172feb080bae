/**
 * The only module in the repository that imports onnxruntime-node: everything else sees
 * `ModelSession`, a float-in / float-out runner.
 */
import * as ort from 'onnxruntime-node'
import { AppError } from '../../shared/errors'

export interface RuntimeOptions {
  /** Intra-op threads; 1 is fastest on a 2-core machine. */
  threads: number
  /** Busy-wait of idle pool threads; only matters with threads > 1, and hurts on 2 cores. */
  allowSpinning: boolean
  /** Measured per machine class; see models/manifest.json runtime.measured. */
  graphOptimizationLevel: 'disabled' | 'basic' | 'extended' | 'all'
  /** Flush-to-zero on onnxruntime's pool threads (the calling thread is not covered). */
  denormalAsZero: boolean
}

export interface InputTensor {
  data: Float32Array
  dims: readonly number[]
}

export interface OutputTensor {
  data: Float32Array
  dims: readonly number[]
}

export interface ModelSession {
  run(feeds: Record<string, InputTensor>): Promise<Record<string, OutputTensor>>
  release(): Promise<void>
}

function sessionOptions(opts: RuntimeOptions): ort.InferenceSession.SessionOptions {
  const spinning = opts.allowSpinning ? '1' : '0'
  return {
    intraOpNumThreads: opts.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: opts.graphOptimizationLevel,
    extra: {
      session: {
        set_denormal_as_zero: opts.denormalAsZero ? '1' : '0',
        intra_op: { allow_spinning: spinning },
        inter_op: { allow_spinning: spinning }
      }
    }
  }
}

export async function openSession(modelBytes: Uint8Array, name: string, opts: RuntimeOptions): Promise<ModelSession> {
  let session: ort.InferenceSession
  try {
    session = await ort.InferenceSession.create(modelBytes, sessionOptions(opts))
  } catch (e) {
    throw new AppError('MODELS_CORRUPT', `onnxruntime could not load model ${name} (${(e as Error).message}): run \`npm run models\``)
  }
  return {
    async run(feeds) {
      const inputs: Record<string, ort.Tensor> = {}
      for (const [key, t] of Object.entries(feeds)) inputs[key] = new ort.Tensor('float32', t.data, t.dims)
      const results = await session.run(inputs)
      const out: Record<string, OutputTensor> = {}
      for (const [key, t] of Object.entries(results)) {
        if (t.type !== 'float32') throw new AppError('MODELS_CORRUPT', `Model ${name} output ${key} is ${t.type}, expected float32`)
        out[key] = { data: t.data as Float32Array, dims: t.dims }
      }
      return out
    },
    release: () => session.release()
  }
}
