/**
 * Issue 12's speed targets, judged on the figures of one bench:speed run, so that every run says on
 * its own machine what is met (the figures differ by CPU: Intel, AMD Zen 3 and Zen 5 all differ).
 * Steady-state RSS and the event-loop delay are bench:soak's to judge.
 */
export const SPEED_TARGETS = {
  perFaceCpuMs: 8,
  endToEndFps: 25,
  peerSlowdown: 20,
  galleryMs: { 10_000: 1, 100_000: 10 } as Record<number, number>
}

/** What a run measured; a figure it did not measure (--pipeline-only, --no-peer) is left out. */
export interface SpeedFigures {
  /** Sum of the per-face stages' CPU medians on the 640x480 frame, 1 onnxruntime thread. */
  perFaceCpuMs: number
  /** analyzeImage on a raw 640x480 frame with liveness: CPU ms median, 1 thread. */
  endToEndCpuMs: number
  /** @vladmandic/face-api's whole pass on the same frame, median ms. */
  peerFrameMs?: number
  /** Gallery.identify CPU median by row count (the slower of the stranger and resident probes). */
  galleryCpuMs?: Record<number, number>
}

export interface TargetVerdict {
  target: string
  figure: string
  met: boolean
}

export function judgeSpeed(f: SpeedFigures, t = SPEED_TARGETS): TargetVerdict[] {
  const verdicts: TargetVerdict[] = [
    { target: `≤ ${t.perFaceCpuMs} ms CPU per face (640x480 frame)`, figure: `${f.perFaceCpuMs.toFixed(2)} ms`, met: f.perFaceCpuMs <= t.perFaceCpuMs },
    {
      target: `≥ ${t.endToEndFps} frames/s end to end with liveness (CPU ms on a core of its own)`,
      figure: `${f.endToEndCpuMs.toFixed(2)} ms, ${(1000 / f.endToEndCpuMs).toFixed(1)} frames/s`,
      met: 1000 / f.endToEndCpuMs >= t.endToEndFps
    }
  ]
  if (f.peerFrameMs !== undefined) {
    const ratio = f.peerFrameMs / f.perFaceCpuMs
    verdicts.push({ target: `face-api ≥ ${t.peerSlowdown}x slower per 640x480 frame`, figure: `${f.peerFrameMs.toFixed(1)} ms: ${ratio.toFixed(0)}x`, met: ratio >= t.peerSlowdown })
  }
  for (const [rows, limit] of Object.entries(t.galleryMs)) {
    const ms = f.galleryCpuMs?.[Number(rows)]
    if (ms === undefined) continue
    verdicts.push({ target: `gallery ${Number(rows).toLocaleString('en')} rows ≤ ${limit} ms`, figure: `${ms.toFixed(2)} ms`, met: ms <= limit })
  }
  return verdicts
}

export function formatVerdicts(verdicts: TargetVerdict[]): string[] {
  return verdicts.map((v) => `  ${v.met ? 'met    ' : 'NOT MET'}  ${v.target}: ${v.figure}`)
}
