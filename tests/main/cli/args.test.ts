import { describe, expect, it } from 'vitest'
import { parseCliArgs, UsageError } from '../../../src/main/cli/args'

describe('parseCliArgs', () => {
  it('parses commands with their options', () => {
    expect(parseCliArgs(['--data', '/d', 'enroll', 'Kian', 'a.jpg', 'b.jpg', '--yes'])).toEqual({
      dataDir: '/d',
      json: false,
      command: { kind: 'enroll', name: 'Kian', images: ['a.jpg', 'b.jpg'], camera: false, largest: false, yes: true }
    })
    expect(parseCliArgs(['verify', 'x.jpg', 'kian', '--json'])).toMatchObject({ json: true, command: { kind: 'verify', image: 'x.jpg', name: 'kian' } })
    expect(parseCliArgs(['log', '--limit', '5', '--csv']).command).toEqual({ kind: 'log', limit: 5, csv: true })
    expect(parseCliArgs(['eval', '--lfw', 'dir']).command).toEqual({ kind: 'eval', lfw: 'dir' })
  })

  it('gives help for no command, help, --help', () => {
    expect(parseCliArgs([]).command.kind).toBe('help')
    expect(parseCliArgs(['help', 'enroll']).command).toEqual({ kind: 'help', topic: 'enroll' })
    expect(parseCliArgs(['identify', '--help']).command.kind).toBe('help')
  })

  it.each([
    [['enroll', 'Kian'], /NAME IMAGE/],
    [['identify'], /IMAGE/],
    [['identify', 'a.jpg', 'b.jpg'], /IMAGE \(got 2 arguments\)/],
    [['verify', 'a.jpg'], /IMAGE NAME/],
    [['open-door'], /Unknown command "open-door"/],
    [['residents', '--bogus'], /bogus/],
    [['log', '--limit', '0'], /--limit/],
    [['--data', '', 'residents'], /--data/]
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError)
    expect(() => parseCliArgs(argv)).toThrow(message)
  })
})
