import { describe, expect, it } from 'vitest'
import { containTransform, coverTransform, fitWidth, frameBoxToView } from '../../../src/renderer/src/logic/geometry'

describe('coverTransform', () => {
  it('scales a 4:3 camera to cover a 16:9 screen, cropping top and bottom', () => {
    const t = coverTransform({ width: 640, height: 480 }, { width: 1920, height: 1080 })
    expect(t.scale).toBe(3)
    expect(t.offsetX).toBe(0)
    expect(t.offsetY).toBe((1080 - 1440) / 2)
  })

  it('crops the sides on a portrait screen', () => {
    const t = coverTransform({ width: 640, height: 480 }, { width: 1080, height: 1920 })
    expect(t.scale).toBe(4)
    expect(t.offsetX).toBe((1080 - 2560) / 2)
    expect(t.offsetY).toBe(0)
  })
})

describe('containTransform', () => {
  it("shows all of a 4:3 camera on a portrait screen: full width, bands above and below", () => {
    const t = containTransform({ width: 640, height: 480 }, { width: 1080, height: 1920 })
    expect(t.scale).toBeCloseTo(1080 / 640)
    expect(t.offsetX).toBe(0)
    expect(t.offsetY).toBeCloseTo((1920 - 810) / 2)
  })
})

describe('frameBoxToView', () => {
  const frame = { width: 640, height: 480 }
  const video = { width: 1280, height: 960 }
  const view = { width: 1280, height: 960 }

  it('places a box at the same spot when nothing is scaled or mirrored', () => {
    expect(frameBoxToView({ x: 100, y: 50, width: 200, height: 100 }, frame, video, view, false)).toEqual({ x: 200, y: 100, width: 400, height: 200 })
  })

  it("mirrors a box like the mirrored video: a face on the camera's left shows on the screen's right", () => {
    const box = frameBoxToView({ x: 0, y: 0, width: 160, height: 120 }, frame, video, view, true)
    expect(box.x + box.width).toBeCloseTo(view.width)
    expect(box.width).toBe(320)
  })

  it('keeps a centred face centred, mirrored or not, whatever the screen shape', () => {
    for (const screen of [
      { width: 1920, height: 1080 },
      { width: 1080, height: 1920 }
    ]) {
      const box = frameBoxToView({ x: 270, y: 190, width: 100, height: 100 }, frame, { width: 640, height: 480 }, screen, true)
      expect(box.x + box.width / 2).toBeCloseTo(screen.width / 2)
      expect(box.y + box.height / 2).toBeCloseTo(screen.height / 2)
    }
  })

  it('is mirror-symmetric: mirroring a box and its mirror image gives the same place', () => {
    const left = frameBoxToView({ x: 40, y: 40, width: 100, height: 100 }, frame, frame, { width: 1920, height: 1080 }, true)
    const right = frameBoxToView({ x: 640 - 40 - 100, y: 40, width: 100, height: 100 }, frame, frame, { width: 1920, height: 1080 }, false)
    expect(left.x).toBeCloseTo(right.x)
  })

  it('with contain, a face at the edge of the camera stays on screen (cover would crop it away in portrait)', () => {
    const screen = { width: 1080, height: 1920 }
    const edge = { x: 0, y: 190, width: 100, height: 100 }
    const contained = frameBoxToView(edge, frame, { width: 640, height: 480 }, screen, false, 'contain')
    expect(contained.x).toBeCloseTo(0)
    expect(contained.width).toBeCloseTo(100 * (1080 / 640))
    const covered = frameBoxToView(edge, frame, { width: 640, height: 480 }, screen, false)
    expect(covered.x + covered.width).toBeLessThan(0)
  })

  it('gives an empty box for an empty frame instead of dividing by zero', () => {
    expect(frameBoxToView({ x: 1, y: 1, width: 1, height: 1 }, { width: 0, height: 0 }, video, view, true)).toEqual({ x: 0, y: 0, width: 0, height: 0 })
  })
})

describe('fitWidth', () => {
  it('downscales to the width, keeping the aspect ratio and even sides', () => {
    expect(fitWidth({ width: 1280, height: 720 }, 640)).toEqual({ width: 640, height: 360 })
    const odd = fitWidth({ width: 1920, height: 1081 }, 640)
    expect(odd.width % 2).toBe(0)
    expect(odd.height % 2).toBe(0)
  })

  it('never upscales', () => {
    expect(fitWidth({ width: 320, height: 240 }, 640)).toEqual({ width: 320, height: 240 })
  })
})
