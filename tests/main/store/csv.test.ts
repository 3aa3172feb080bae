import { describe, expect, it } from 'vitest'
import { csvCell, eventsToCsv } from '../../../src/main/store/csv'
import type { AccessEvent } from '../../../src/main/store'

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ['+1', "'+1"],
    ['@cmd', "'@cmd"],
    ['-2', "'-2"]
  ])('escapes %j as %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected)
  })

  it('writes numbers as numbers (negative margins are not neutralised) and null as empty', () => {
    expect(csvCell(-0.25)).toBe('-0.25')
    expect(csvCell(null)).toBe('')
    expect(csvCell(true)).toBe('true')
  })
})

/** An access event with every column empty but those given. */
const event = (over: Partial<AccessEvent>): AccessEvent => ({
  id: '00000000-0000-4000-8000-000000000001',
  time: '2025-01-02T03:04:05.000Z',
  mode: 'identification',
  claimedResidentId: null,
  claimedResidentName: null,
  decidedResidentId: null,
  decidedResidentName: null,
  distance: null,
  margin: null,
  threshold: null,
  frames: null,
  liveness: null,
  result: 'granted',
  reason: 'match',
  message: null,
  doorOutcome: null,
  snapshot: null,
  claimedDeleted: false,
  decidedDeleted: false,
  action: null,
  actor: null,
  chain: null,
  ...over
})

describe('eventsToCsv', () => {
  it('writes a header and one CRLF-terminated line per event', () => {
    const csv = eventsToCsv([
      event({
        mode: 'verification',
        claimedResidentName: 'Kian, "the boss"',
        distance: 0.9,
        threshold: 1.1,
        frames: { agreeing: 1, considered: 5, required: 3 },
        liveness: { status: 'pass', score: 0.97, mode: 'passive', detail: 'passive: mean log-odds 1.2 over 8 frames' },
        result: 'denied',
        reason: 'claim-mismatch',
        message: 'Not Kian, "the boss": access refused'
      })
    ])
    const lines = csv.split('\r\n')
    expect(lines).toHaveLength(3)
    expect(lines[2]).toBe('')
    expect(lines[0].split(',')).toContain('claimed_resident')
    expect(lines[1]).toBe(
      '2025-01-02T03:04:05.000Z,verification,denied,claim-mismatch,"Not Kian, ""the boss"": access refused","Kian, ""the boss""",,0.9,,1.1,1,5,3,pass,0.97,passive,passive: mean log-odds 1.2 over 8 frames,,,,,,'
    )
  })
})

describe('the message column', () => {
  it('names the resident (the stored sentence is anonymous), or says they were deleted', () => {
    const granted = eventsToCsv([event({ message: 'Welcome the resident', decidedResidentName: 'Kian' })])
    expect(granted).toContain('Welcome Kian')
    expect(granted).not.toContain('the resident')
    const claim = eventsToCsv([event({ message: 'Not the claimed resident: looks like the resident', claimedResidentName: 'Kian', decidedResidentName: 'Benoit' })])
    expect(claim).toContain('Not Kian: looks like Benoit')
    const deleted = eventsToCsv([event({ message: 'Welcome the resident', decidedDeleted: true })])
    expect(deleted).toContain('Welcome deleted resident')
  })
})
