/**
 * Where a face box found in a (downscaled) camera frame lands on screen, when the video is shown with
 * `object-fit: cover` and mirrored. Pure math so it runs in node tests.
 */

export interface Size {
  width: number
  height: number
}

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** Scale and offset of a source drawn with `object-fit: cover` (centred) inside a view. */
export function coverTransform(source: Size, view: Size): { scale: number; offsetX: number; offsetY: number } {
  if (source.width <= 0 || source.height <= 0) return { scale: 0, offsetX: 0, offsetY: 0 }
  const scale = Math.max(view.width / source.width, view.height / source.height)
  return {
    scale,
    offsetX: (view.width - source.width * scale) / 2,
    offsetY: (view.height - source.height * scale) / 2
  }
}

/**
 * Scale and offset of a source drawn with `object-fit: contain` (centred) inside a view: all of the
 * source shows, with bands on two sides. The door screen uses it so nobody standing at the edge of the
 * camera's field is cut off, whatever the screen's shape.
 */
export function containTransform(source: Size, view: Size): { scale: number; offsetX: number; offsetY: number } {
  if (source.width <= 0 || source.height <= 0) return { scale: 0, offsetX: 0, offsetY: 0 }
  const scale = Math.min(view.width / source.width, view.height / source.height)
  return {
    scale,
    offsetX: (view.width - source.width * scale) / 2,
    offsetY: (view.height - source.height * scale) / 2
  }
}

export type Fit = 'cover' | 'contain'

/**
 * Maps a box in frame coordinates to view coordinates. The frame is the video downscaled with the same
 * aspect ratio, so the box is first normalised to the frame, then placed on the covered video. When the
 * video is mirrored (CSS scaleX(-1) about the view's centre), the box is mirrored the same way.
 */
export function frameBoxToView(box: Rect, frame: Size, video: Size, view: Size, mirrored: boolean, fit: Fit = 'cover'): Rect {
  if (frame.width <= 0 || frame.height <= 0) return { x: 0, y: 0, width: 0, height: 0 }
  const { scale, offsetX, offsetY } = (fit === 'contain' ? containTransform : coverTransform)(video, view)
  const shownWidth = video.width * scale
  const shownHeight = video.height * scale
  const x = offsetX + (box.x / frame.width) * shownWidth
  const y = offsetY + (box.y / frame.height) * shownHeight
  const width = (box.width / frame.width) * shownWidth
  const height = (box.height / frame.height) * shownHeight
  return { x: mirrored ? view.width - x - width : x, y, width, height }
}

/** The largest size with the source's aspect ratio and at most `maxWidth` wide (never upscaled, even sides for codecs). */
export function fitWidth(source: Size, maxWidth: number): Size {
  if (source.width <= 0 || source.height <= 0) return { width: 0, height: 0 }
  const ratio = Math.min(1, maxWidth / source.width)
  const even = (n: number): number => Math.max(2, Math.round((n * ratio) / 2) * 2)
  return { width: even(source.width), height: even(source.height) }
}
