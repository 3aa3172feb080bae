import type { Box, Point } from './types'

export function boxArea(b: Box): number {
  return Math.max(0, b.width) * Math.max(0, b.height)
}

export function intersectionOverUnion(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x))
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y))
  const inter = ix * iy
  const union = boxArea(a) + boxArea(b) - inter
  return union > 0 ? inter / union : 0
}

/** Square of side = box height around the same centre (what the landmark model expects). */
export function squareByHeight(b: Box): Box {
  const side = b.height
  return { x: b.x + b.width / 2 - side / 2, y: b.y, width: side, height: side }
}

/** Does the box reach (within `tolerance` px) or cross the image edge? */
export function touchesImageBorder(b: Box, width: number, height: number, tolerance: number): boolean {
  return b.x <= tolerance || b.y <= tolerance || b.x + b.width >= width - tolerance || b.y + b.height >= height - tolerance
}

export function meanPoint(points: Point[]): Point {
  let x = 0
  let y = 0
  for (const [px, py] of points) {
    x += px
    y += py
  }
  return [x / points.length, y / points.length]
}
