import { describe, expect, it } from 'vitest'
import type { AccessFrame, FaceTrace } from '../../../src/main/access/types'
import { cameraEvidencePolicy, changedFrames, passiveAtRate, sawBlink, type EvidenceRules } from '../../../src/main/liveness/evidence'
import { homographyResidual, nonPlanarMotion, type Point } from '../../../src/main/liveness/planar'
import { DEFAULT_ACCESS_CONFIG } from '../../../src/main/access/config'
import { CALIBRATION, FRONTAL_CLOSED, FRONTAL_OPEN, P_LIVE, P_SPOOF, face, passive } from '../access/frames'

const RULES: EvidenceRules = DEFAULT_ACCESS_CONFIG.liveness.evidence

/** A face's 68 points: a grid with a "nose" that sticks out of the face plane by `depth`. */
function head(yaw: number, depth = 40): Point[] {
  const pts: Point[] = []
  for (let i = 0; i < 68; i++) {
    const x = ((i % 9) - 4) * 20
    const y = (Math.floor(i / 9) - 4) * 20
    // Central points stand out of the plane (z), as a nose does.
    const z = Math.abs(x) < 25 && Math.abs(y) < 25 ? depth : 0
    pts.push([320 + x * Math.cos(yaw) + z * Math.sin(yaw), 240 + y])
  }
  return pts
}

/** A flat picture: the same points under a homography (rotation, scale, perspective). */
function picture(angle: number, tilt: number): Point[] {
  return head(0, 0).map(([x, y]) => {
    const u = x - 320
    const v = y - 240
    const w = 1 + tilt * u
    return [320 + (Math.cos(angle) * u - Math.sin(angle) * v) / w, 240 + (Math.sin(angle) * u + Math.cos(angle) * v) / w]
  })
}

function trace(landmarks68: Point[], seed: number): FaceTrace {
  return { cx: 320, cy: 240, size: 180, landmarks68, embedding: Float32Array.from([Math.cos(seed), Math.sin(seed), 0]) }
}

function frame(at: number, landmarks: Point[], seed: number, p: number, pose = FRONTAL_OPEN): AccessFrame {
  return { ...face(at, { nearest: 'kian', distance: 0.6, liveness: passive(p), pose }), face: trace(landmarks, seed) }
}

const policy = cameraEvidencePolicy(CALIBRATION.passive, CALIBRATION.eyes, RULES)
const judge = (frames: AccessFrame[]) => policy.judge({ agreeing: frames, window: frames, history: frames, at: frames.at(-1)!.at, intervalMs: frames[1] ? frames[1].at - frames[0]!.at : null })

describe('planar motion', () => {
  it('a picture under any homography fits exactly; a turning head does not', () => {
    expect(homographyResidual(head(0, 0), picture(0.1, 0.0005))).toBeLessThan(1e-6)
    expect(nonPlanarMotion([picture(0, 0), picture(0.05, 0.0003), picture(-0.05, -0.0004)])).toBeLessThan(0.001)
    expect(nonPlanarMotion([head(0), head(0.3)])).toBeGreaterThan(RULES.motionCut)
  })
})

describe('camera evidence policy', () => {
  it('a live head that turns, with a live passive window and changing frames, passes', () => {
    const frames = Array.from({ length: 12 }, (_, i) => frame(i * 200, head(0.3 * Math.sin(i)), i, P_LIVE))
    expect(judge(frames)).toMatchObject({ status: 'pass' })
  })

  it('the same picture over and over (an image injected into the video) is a spoof, whatever the passive model says', () => {
    const frames = Array.from({ length: 8 }, (_, i) => frame(i * 200, head(0), 0, P_LIVE))
    expect(changedFrames(frames, RULES.staticDelta)).toBe(0)
    expect(judge(frames)).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^still image/) })
  })

  it('a flat picture moved in a hand never passes: unsure (no motion) once the wait is over, so the challenge asks', () => {
    const frames = Array.from({ length: 15 }, (_, i) => frame(i * 200, picture(0.05 * Math.sin(i), 0.0003 * Math.cos(i)), i, P_LIVE))
    expect(judge(frames.slice(0, 4))).toMatchObject({ status: 'unsure', unsureBecause: 'collecting' })
    expect(judge(frames)).toMatchObject({ status: 'unsure', unsureBecause: 'no-motion' })
  })

  it('a blink is evidence of life even without head motion', () => {
    const frames = Array.from({ length: 12 }, (_, i) => frame(i * 200, picture(0.01 * i, 0), i, P_LIVE, i === 6 ? FRONTAL_CLOSED : FRONTAL_OPEN))
    expect(sawBlink(frames, CALIBRATION.eyes)).toBe(true)
    expect(judge(frames)).toMatchObject({ status: 'pass' })
  })

  it("the eye model's flicker on a printed eye is no blink: the landmarks' eye shape must narrow too", () => {
    const eyes = (closed: number, eyeAspect: number) => ({ yawDeg: 2, eyesClosed: closed, eyeAspect })
    const photo = Array.from({ length: 12 }, (_, i) => frame(i * 200, picture(0.01 * i, 0), i, P_LIVE, i === 6 ? eyes(0.9, 0.3) : eyes(0.05, 0.3)))
    expect(sawBlink(photo, CALIBRATION.eyes)).toBe(false)
    expect(judge(photo)).toMatchObject({ status: 'unsure', unsureBecause: 'no-motion' })
    const person = Array.from({ length: 12 }, (_, i) => frame(i * 200, picture(0.01 * i, 0), i, P_LIVE, i === 6 ? eyes(0.9, 0.12) : eyes(0.05, 0.3)))
    expect(sawBlink(person, CALIBRATION.eyes)).toBe(true)
  })

  it('a replay fails on the passive window even though its head moves', () => {
    const frames = Array.from({ length: 12 }, (_, i) => frame(i * 200, head(0.3 * Math.sin(i)), i, P_SPOOF))
    expect(judge(frames)).toMatchObject({ status: 'fail' })
  })

  it('at 1 frame/s the passive window stretches and needs fewer frames, so it decides in seconds', () => {
    expect(passiveAtRate(CALIBRATION.passive, 1000, RULES)).toMatchObject({ windowMs: 5000, minFrames: 5 })
    expect(passiveAtRate(CALIBRATION.passive, 2000, RULES)).toMatchObject({ windowMs: 5000, minFrames: 2 })
    expect(passiveAtRate(CALIBRATION.passive, 66, RULES)).toMatchObject({ windowMs: CALIBRATION.passive.windowMs, minFrames: CALIBRATION.passive.minFrames })
  })
})
