/** All cross-person distances among one embedding per person: ~n^2/2 impostor trials for low-FAR thresholds. */
export function allPairDistances(embeddings: Float32Array[]): Float64Array {
  const n = embeddings.length
  const out = new Float64Array((n * (n - 1)) / 2)
  let k = 0
  for (let i = 0; i < n; i++) {
    const a = embeddings[i]
    for (let j = i + 1; j < n; j++) {
      const b = embeddings[j]
      let dot = 0
      for (let d = 0; d < a.length; d++) dot += a[d] * b[d]
      // Unit vectors: |a-b|^2 = 2 - 2 a.b
      out[k++] = Math.sqrt(Math.max(0, 2 - 2 * dot))
    }
  }
  return out
}
