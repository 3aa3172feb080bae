/** The webm clips as camera input of the whole decision loop (filled in with the decision loop). */
export async function runLoopSection(_clips: { liveClip: string; spoofClip: string; liveCropsDir: string }): Promise<void> {
  console.log('\n== 4. Decision loop: not built yet ==')
}
