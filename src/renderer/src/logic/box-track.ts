/**
 * The face box of guided capture where the face is now, not where it was. Main answers about a frame
 * grabbed a moment ago (grab, encode, analyse: a few hundred ms), so that box drawn over the live video
 * trails a moving face. Each box is placed at its own frame's time; from there it moves on with the
 * velocity of the last two boxes, for at most `maxLeadMs` past its frame (a face that stops is not
 * overshot for long), and is dropped once `staleAfterMs` old. Pure: times are parameters.
 */
export interface Box {
  x: number
  y: number
  width: number
  height: number
}

export interface BoxTrackConfig {
  maxLeadMs: number
  staleAfterMs: number
}

interface Placed {
  box: Box
  at: number
}

const ZERO: Box = { x: 0, y: 0, width: 0, height: 0 }

export class BoxTrack {
  private last: Placed | null = null
  /** Change per millisecond of each coordinate. */
  private velocity: Box = ZERO

  constructor(private readonly config: BoxTrackConfig) {}

  /** The box main found in the frame grabbed at `frameAt` (null: no face, the track ends). */
  push(box: Box | null, frameAt: number): void {
    const previous = this.last
    if (!box) {
      this.last = null
      this.velocity = ZERO
      return
    }
    const dt = previous ? frameAt - previous.at : 0
    // Only consecutive frames of one face say how it moves; an answer about an older frame is ignored.
    if (previous && dt <= 0) return
    this.velocity =
      previous && dt <= this.config.staleAfterMs
        ? {
            x: (box.x - previous.box.x) / dt,
            y: (box.y - previous.box.y) / dt,
            width: (box.width - previous.box.width) / dt,
            height: (box.height - previous.box.height) / dt
          }
        : ZERO
    this.last = { box, at: frameAt }
  }

  /** Where to draw the box at `now` (same clock as the frame times), or null when there is none. */
  at(now: number): Box | null {
    const last = this.last
    if (!last || now - last.at > this.config.staleAfterMs) return null
    const lead = Math.min(Math.max(0, now - last.at), this.config.maxLeadMs)
    const v = this.velocity
    return {
      x: last.box.x + v.x * lead,
      y: last.box.y + v.y * lead,
      width: Math.max(0, last.box.width + v.width * lead),
      height: Math.max(0, last.box.height + v.height * lead)
    }
  }
}
