import { describe, expect, it } from 'vitest'
import { BoxTrack } from '../../../src/renderer/src/logic/box-track'
import { SettledHint } from '../../../src/renderer/src/logic/capture-plan'

/** Issue 14 item 9: guided capture's face box keeps up with the face, and "not a photo" waits for evidence. */
describe('BoxTrack', () => {
  const box = (x: number, width = 100) => ({ x, y: 50, width, height: width })
  const track = (): BoxTrack => new BoxTrack({ maxLeadMs: 700, staleAfterMs: 1_500 })

  it('draws a moving face where it is now, not where its frame saw it', () => {
    const t = track()
    // A face moving right at 0.2 px/ms, checked every 300 ms; each answer arrives 250 ms after its frame.
    t.push(box(100), 0)
    t.push(box(160), 300)
    const shown = t.at(300 + 250)!
    expect(shown.x).toBeCloseTo(160 + 0.2 * 250)
    // Drawn as main answered, it would trail by 50 px: the face is at 210 by then.
    expect(Math.abs(shown.x - 210)).toBeLessThan(1)
  })

  it('does not run on for long once the face stops, and drops a box whose frame is old', () => {
    const t = track()
    t.push(box(100), 0)
    t.push(box(160), 300)
    expect(t.at(300 + 5_000)).toBeNull()
    expect(t.at(300 + 1_400)!.x).toBeCloseTo(160 + 0.2 * 700)
    // The next answer (the face stopped at 170) puts it back.
    t.push(box(170), 900)
    expect(t.at(900)!.x).toBe(170)
  })

  it('ignores an answer about an older frame, and ends with the face', () => {
    const t = track()
    t.push(box(100), 300)
    t.push(box(40), 200)
    expect(t.at(300)!.x).toBe(100)
    t.push(null, 600)
    expect(t.at(600)).toBeNull()
  })
})

describe('SettledHint', () => {
  it('says "not a photo" only after several checks in a row, other hints at once', () => {
    const h = new SettledHint(4)
    // A live person with one doubtful frame: never told they are a photo.
    expect(['ok', 'not-live', 'ok', 'move-closer'].map((x) => h.next(x))).toEqual(['ok', null, 'ok', 'move-closer'])
    // A photo held up: consistently not live, said from the fourth check on.
    expect(['not-live', 'not-live', 'not-live', 'not-live', 'not-live'].map((x) => h.next(x))).toEqual([null, null, null, 'not-live', 'not-live'])
  })
})
