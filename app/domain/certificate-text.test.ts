import { describe, expect, test } from 'vitest'
import { compactDateRange, projectNumberLine, projectNumberText } from './certificate-text.ts'

describe('projectNumberLine: the project number once, with its level', () => {
  const nat = { zh: '国家级', en: 'national' }
  test.each([
    ['no number', null, 'NATIONAL', null],
    ['a blank number', '  ', null, null],
    ['a number typed with its mark (the issue: "(国)（国家级 / national）")', '2026-04-05-012(国)', 'NATIONAL', { number: '2026-04-05-012', level: nat }],
    ['a full-width mark with spaces', '2026-04-05-012 （省）', 'PROVINCIAL', { number: '2026-04-05-012', level: { zh: '省级', en: 'provincial' } }],
    ['a mark and no level: the mark gives it', '2026-04-05-012(市)', null, { number: '2026-04-05-012', level: { zh: '市级', en: 'municipal' } }],
    ['a number without a mark', 'SH-2026-118', 'NATIONAL', { number: 'SH-2026-118', level: nat }],
    ['a number and no level at all', 'SH-2026-118', null, { number: 'SH-2026-118', level: null }],
    ['a mark that disagrees with the level is kept', '2026-04-05-012(省)', 'NATIONAL', { number: '2026-04-05-012(省)', level: nat }],
  ] as const)('%s', (_name, number, level, expected) => {
    expect(projectNumberLine(number, level)).toEqual(expected)
  })

  test.each([
    ['2026-04-05-012(国)', 'NATIONAL', '2026-04-05-012（国家级 / national）'],
    ['SH-2026-118', null, 'SH-2026-118'],
    [null, 'NATIONAL', null],
  ] as const)('on one line: %s → %s', (number, level, expected) => {
    expect(projectNumberText(projectNumberLine(number, level))).toBe(expected)
  })

  test('the level appears exactly once', () => {
    const text = projectNumberText(projectNumberLine('2026-04-05-012(国)', 'NATIONAL'))!
    expect(text.match(/国/g)).toHaveLength(1)
  })
})

describe('compactDateRange: the activity dates in the event time zone', () => {
  test.each([
    ['one day', '2026-04-18T01:00:00Z', '2026-04-18T04:15:00Z', 'Asia/Shanghai', '2026-04-18'],
    ['a late-evening start that is the next day in Shanghai', '2026-04-17T17:30:00Z', '2026-04-17T20:00:00Z', 'Asia/Shanghai', '2026-04-18'],
    ['the same instants in New York', '2026-04-17T17:30:00Z', '2026-04-17T20:00:00Z', 'America/New_York', '2026-04-17'],
    ['three days', '2027-03-01T01:00:00Z', '2027-03-03T09:00:00Z', 'Asia/Shanghai', '2027-03-01 – 03-03'],
    ['across a new year', '2026-12-30T01:00:00Z', '2027-01-02T09:00:00Z', 'Asia/Shanghai', '2026-12-30 – 2027-01-02'],
  ])('%s', (_name, start, end, tz, expected) => {
    expect(compactDateRange(new Date(start), new Date(end), tz)).toBe(expected)
  })
})
