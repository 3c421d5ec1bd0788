import { describe, expect, test } from 'vitest'
import type { AttendanceSource, Interval } from './attendance.ts'
import { computeCredits, type CreditInput, type CreditRule } from './credits.ts'

// One day of a forum in Shanghai time; `t('09:07:30')` is 09:07:30 on 2026-08-10.
const t = (hhmm: string) => `2026-08-10T${hhmm.length === 5 ? `${hhmm}:00` : hhmm}+08:00`
const session = (id: string, forumId: string, from: string, to: string, isBreak?: boolean) => ({ id, forumId, start: t(from), end: t(to), ...(isBreak ? { isBreak } : {}) })
const live = (forumId: string, from: string, to: string, source: AttendanceSource = 'LIVE'): Interval => ({ forumId, source, start: t(from), end: t(to) })

/** A rule with nothing required: every minute in scope is worth 1 credit per hour, unrounded. */
const rule = (overrides: Partial<CreditRule> = {}): CreditRule => ({
  scheme: 'AMA_PRA_CAT1',
  mode: 'PER_HOUR',
  credits: 1,
  rounding: 'NONE',
  sources: ['LIVE', 'VENUE'],
  ...overrides,
})
const credit = (input: Partial<CreditInput> & Pick<CreditInput, 'sessions' | 'intervals'>) => computeCredits({ rule: rule(), ...input })

// A summit: the main forum all morning, two parallel sub-forums after lunch.
const summit = [
  session('m1', 'main', '09:00', '10:00'),
  session('coffee', 'main', '10:00', '10:30', true),
  session('m2', 'main', '10:30', '12:00'),
  session('lunch', 'main', '12:00', '13:30', true),
  session('a1', 'subA', '13:30', '15:00'),
  session('b1', 'subB', '13:30', '15:00'),
  session('b2', 'subB', '15:00', '16:00'),
]

describe('computeCredits: scheduled minutes', () => {
  test.each([
    ['one session', [session('s', 'main', '09:00', '10:00')], 60],
    ['parallel sessions in two forums count once', [session('a', 'subA', '13:30', '15:00'), session('b', 'subB', '13:30', '15:00')], 90],
    ['partly parallel sessions count the union', [session('a', 'subA', '13:30', '15:00'), session('b', 'subB', '14:00', '15:30')], 120],
    ['back-to-back sessions add up', [session('a', 'main', '09:00', '10:00'), session('b', 'main', '10:00', '11:00')], 120],
    ['breaks are not scheduled time', [session('a', 'main', '09:00', '10:00'), session('br', 'main', '10:00', '10:30', true)], 60],
    ['a break in one forum does not subtract a session in another', [session('a', 'subA', '12:00', '13:00'), session('br', 'subB', '12:00', '13:00', true)], 60],
    ['a session that ends before it starts covers nothing', [session('a', 'main', '10:00', '09:00')], 0],
    ['the summit: 60 + 90 morning, 150 afternoon', summit, 300],
    ['no sessions', [], 0],
  ])('%s', (_name, sessions, expected) => {
    expect(credit({ sessions, intervals: [] }).scheduledMinutes).toBe(expected)
  })
})

describe('computeCredits: attended minutes', () => {
  test.each<[string, Interval[], number]>([
    ['nothing attended', [], 0],
    ['the whole main forum, breaks included, counts only the sessions', [live('main', '08:00', '13:30')], 150],
    ['an interval partly outside a session is clipped to it', [live('main', '08:30', '09:20')], 20],
    ['time in a forum outside the scope never counts', [live('other', '09:00', '12:00')], 0],
    ['time in the wrong forum does not count for a session', [live('subA', '09:00', '10:00')], 0],
    ['time during a break does not count', [live('main', '10:00', '10:30')], 0],
    ['two devices on the same forum count once', [live('main', '09:00', '09:40'), live('main', '09:20', '10:00')], 60],
    ['a venue stay plus online viewing count once', [live('main', '09:00', '10:00', 'VENUE'), live('main', '09:00', '10:00')], 60],
    ['two parallel forums count once', [live('subA', '13:30', '15:00'), live('subB', '13:30', '15:00')], 90],
    ['moving between parallel forums counts the clock', [live('subA', '13:30', '14:00'), live('subB', '14:00', '16:00')], 150],
    ['gaps between intervals are not attended', [live('main', '09:00', '09:10'), live('main', '09:50', '10:00')], 20],
    ['sources outside the rule (REPLAY for a live rule) do not count', [live('main', '09:00', '10:00', 'REPLAY')], 0],
    ['an interval that ends before it starts covers nothing', [live('main', '10:00', '09:00')], 0],
    ['seconds make fractional minutes', [live('main', '09:00', '09:07:30')], 7.5],
    ['a whole day in every forum from every allowed source', [live('main', '00:00', '23:59'), live('subA', '00:00', '23:59', 'VENUE'), live('subB', '00:00', '23:59')], 300],
  ])('%s', (_name, intervals, expected) => {
    expect(credit({ sessions: summit, intervals }).attendedMinutes).toBe(expected)
  })

  test('a REPLAY rule counts replay and ignores live attendance', () => {
    const result = computeCredits({
      rule: rule({ sources: ['REPLAY'] }),
      sessions: summit,
      intervals: [live('main', '09:00', '10:00'), live('main', '10:30', '11:00', 'REPLAY')],
    })
    expect(result.attendedMinutes).toBe(30)
  })

  test('a rule with no sources counts nothing', () => {
    expect(computeCredits({ rule: rule({ sources: [] }), sessions: summit, intervals: [live('main', '09:00', '10:00')] }).attendedMinutes).toBe(0)
  })

  test('instants in other zones are the same instants', () => {
    const utc: Interval = { forumId: 'main', source: 'LIVE', start: '2026-08-10T01:00:00Z', end: '2026-08-10T01:30:00.000Z' }
    expect(credit({ sessions: summit, intervals: [utc] }).attendedMinutes).toBe(30)
  })

  test('the order of sessions and intervals does not matter', () => {
    const intervals = [live('subB', '14:00', '16:00'), live('main', '11:00', '11:30'), live('subA', '13:30', '14:30'), live('main', '09:00', '09:45')]
    const forward = credit({ sessions: summit, intervals })
    const backward = credit({ sessions: [...summit].reverse(), intervals: [...intervals].reverse() })
    expect(forward).toEqual(backward)
    expect(forward.attendedMinutes).toBe(45 + 30 + 150)
  })

  test('does not modify its input', () => {
    const intervals = [live('main', '09:30', '10:00'), live('main', '09:00', '09:45')]
    const sessions = [...summit]
    const before = JSON.stringify({ sessions, intervals })
    credit({ sessions, intervals })
    expect(JSON.stringify({ sessions, intervals })).toBe(before)
  })

  test.each([
    ['without a zone (host-dependent)', '2026-08-10T09:00:00'],
    ['unparsable', 'yesterday'],
  ])('an instant %s is refused', (_name, start) => {
    expect(() => credit({ sessions: summit, intervals: [{ forumId: 'main', source: 'LIVE', start, end: t('10:00') }] })).toThrow(RangeError)
    expect(() => credit({ sessions: [{ id: 'x', forumId: 'main', start, end: t('10:00') }], intervals: [] })).toThrow(/session x/)
  })
})

describe('computeCredits: PER_HOUR credits', () => {
  const oneSession = [session('s', 'main', '08:00', '12:00')]
  test.each<[string, string, CreditRule['rounding'], number]>([
    ['a full hour', '09:00', 'NONE', 1],
    ['52 minutes unrounded', '08:52', 'NONE', 0.87],
    ['52 minutes round down to 45', '08:52', 'QUARTER_HOUR', 0.75],
    ['53 minutes round up to 60', '08:53', 'QUARTER_HOUR', 1],
    ['52.5 minutes round half up to 60', '08:52:30', 'QUARTER_HOUR', 1],
    ['52 min 29.999 s round down to 45', '08:52:29.999', 'QUARTER_HOUR', 0.75],
    ['7.5 minutes round half up to 15', '08:07:30', 'QUARTER_HOUR', 0.25],
    ['7 minutes round down to nothing', '08:07', 'QUARTER_HOUR', 0],
    ['7 minutes unrounded', '08:07', 'NONE', 0.12],
    ['3 hours 40 minutes round to 3¾ hours', '11:40', 'QUARTER_HOUR', 3.75],
  ])('%s (%s, %s) → %s', (_name, until, rounding, expected) => {
    const result = computeCredits({ rule: rule({ rounding }), sessions: oneSession, intervals: [live('main', '08:00', until)] })
    expect(result.credits).toBe(expected)
  })

  test('rounding changes the credit but not the reported attended minutes', () => {
    const result = computeCredits({ rule: rule({ rounding: 'QUARTER_HOUR' }), sessions: oneSession, intervals: [live('main', '08:00', '08:52')] })
    expect(result).toMatchObject({ attendedMinutes: 52, credits: 0.75 })
  })

  test.each([
    ['0.125 rounds half up to 0.13', { credits: 0.5 }, '08:15', 0.13],
    ['two thirds round to 0.67', { credits: 1 }, '08:40', 0.67],
    ['one third rounds to 0.33', { credits: 1 }, '08:20', 0.33],
    ['1.005 rounds half up to 1.01 despite binary representation', { credits: 1.005 }, '09:00', 1.01],
    ['credits per hour scale', { credits: 1.5 }, '10:00', 3],
  ])('%s', (_name, overrides, until, expected) => {
    const result = computeCredits({ rule: rule(overrides), sessions: oneSession, intervals: [live('main', '08:00', until)] })
    expect(result.credits).toBe(expected)
  })

  test.each([
    ['caps at maxCredits', 2.5, 2.5],
    ['leaves credits under the cap alone', 5, 4],
    ['a cap of exactly the figure changes nothing', 4, 4],
  ])('%s', (_name, maxCredits, expected) => {
    const result = computeCredits({ rule: rule({ maxCredits }), sessions: oneSession, intervals: [live('main', '08:00', '12:00')] })
    expect(result.credits).toBe(expected)
  })

  test('the cap is applied before rounding to 2 decimals', () => {
    const result = computeCredits({ rule: rule({ maxCredits: 1.004 }), sessions: oneSession, intervals: [live('main', '08:00', '12:00')] })
    expect(result.credits).toBe(1)
  })

  test('parallel forums earn credit for the clock, not for each forum', () => {
    const result = computeCredits({
      rule: rule(),
      sessions: summit,
      intervals: [live('subA', '13:30', '15:00'), live('subB', '13:30', '15:00', 'VENUE')],
    })
    expect(result.credits).toBe(1.5)
  })
})

describe('computeCredits: FIXED credits', () => {
  const cme = (overrides: Partial<CreditRule> = {}) => rule({ scheme: 'CN_CME_CLASS_I', mode: 'FIXED', credits: 10, rounding: 'QUARTER_HOUR', ...overrides })

  test.each([
    ['awards the project credits regardless of minutes', {}, [live('main', '09:00', '09:10')], 10],
    ['awards them even with nothing attended when nothing is required', {}, [], 10],
    ['caps at maxCredits', { maxCredits: 6 }, [], 6],
    ['rounds to 2 decimals', { credits: 2.345 }, [], 2.35],
    ['awards nothing when a criterion is unmet', { minAttendedMinutes: 60 }, [live('main', '09:00', '09:10')], 0],
  ])('%s', (_name, overrides, intervals, expected) => {
    expect(computeCredits({ rule: cme(overrides), sessions: summit, intervals }).credits).toBe(expected)
  })

  test('distance CME: Class II credit needs the online test passed', () => {
    const distance = cme({ scheme: 'CN_CME_CLASS_II', credits: 5, sources: ['REPLAY'], requireExamPassed: true })
    const watched = [live('main', '09:00', '12:00', 'REPLAY')]
    expect(computeCredits({ rule: distance, sessions: summit, intervals: watched, examPassed: true }).credits).toBe(5)
    expect(computeCredits({ rule: distance, sessions: summit, intervals: watched, examPassed: false }).credits).toBe(0)
  })
})

describe('computeCredits: criteria', () => {
  // 150 scheduled minutes in the main forum; the attendee saw 120 of them.
  const morning = summit.slice(0, 4)
  const saw120 = [live('main', '09:00', '10:00'), live('main', '10:30', '11:30')]
  const evaluate = (overrides: Partial<CreditRule>, facts: Partial<CreditInput> = {}) => computeCredits({ rule: rule(overrides), sessions: morning, intervals: saw120, ...facts })

  test.each<[string, Partial<CreditRule>, Partial<CreditInput>, { met: boolean; actual: number | boolean; required: number | boolean }]>([
    ['ATTENDED_MINUTES met at exactly the minimum', { minAttendedMinutes: 120 }, {}, { met: true, actual: 120, required: 120 }],
    ['ATTENDED_MINUTES unmet one minute short', { minAttendedMinutes: 121 }, {}, { met: false, actual: 120, required: 121 }],
    ['ATTENDED_MINUTES of 0 is always met', { minAttendedMinutes: 0 }, { intervals: [] }, { met: true, actual: 0, required: 0 }],
    ['ATTENDED_RATIO met at exactly the minimum', { minAttendedRatio: 0.8 }, {}, { met: true, actual: 0.8, required: 0.8 }],
    ['ATTENDED_RATIO unmet just below it', { minAttendedRatio: 0.81 }, {}, { met: false, actual: 0.8, required: 0.81 }],
    ['ATTENDED_RATIO is 0 and unmet when nothing is scheduled', { minAttendedRatio: 0.5 }, { sessions: [] }, { met: false, actual: 0, required: 0.5 }],
    ['ATTENDED_RATIO of 0 is met even when nothing is scheduled', { minAttendedRatio: 0 }, { sessions: [] }, { met: true, actual: 0, required: 0 }],
    ['EXAM met when passed', { requireExamPassed: true }, { examPassed: true }, { met: true, actual: true, required: true }],
    ['EXAM unmet when failed', { requireExamPassed: true }, { examPassed: false }, { met: false, actual: false, required: true }],
    ['EXAM unmet when never taken', { requireExamPassed: true }, {}, { met: false, actual: false, required: true }],
    ['EVALUATION met when completed', { requireEvaluation: true }, { evaluationCompleted: true }, { met: true, actual: true, required: true }],
    ['EVALUATION unmet when pending', { requireEvaluation: true }, {}, { met: false, actual: false, required: true }],
    ['PRESENCE met at exactly the ratio', { minPresenceAnsweredRatio: 0.75 }, { presence: { prompted: 4, answered: 3 } }, { met: true, actual: 0.75, required: 0.75 }],
    ['PRESENCE unmet below it', { minPresenceAnsweredRatio: 0.75 }, { presence: { prompted: 4, answered: 2 } }, { met: false, actual: 0.5, required: 0.75 }],
    ['PRESENCE met with nothing prompted', { minPresenceAnsweredRatio: 1 }, { presence: { prompted: 0, answered: 0 } }, { met: true, actual: 1, required: 1 }],
    ['PRESENCE met with no presence data', { minPresenceAnsweredRatio: 1 }, {}, { met: true, actual: 1, required: 1 }],
    ['PRESENCE never above 1', { minPresenceAnsweredRatio: 1 }, { presence: { prompted: 2, answered: 3 } }, { met: true, actual: 1, required: 1 }],
  ])('%s', (_name, overrides, facts, expected) => {
    const result = evaluate(overrides, facts)
    expect(result.criteria).toEqual([expect.objectContaining(expected)])
    expect(result.eligible).toBe(expected.met)
    expect(result.credits).toBe(expected.met ? result.attendedMinutes / 60 : 0)
  })

  test('a rule with no criteria is eligible and lists none', () => {
    expect(evaluate({})).toMatchObject({ eligible: true, credits: 2, criteria: [] })
  })

  test('requirements set to false are not criteria', () => {
    expect(evaluate({ requireExamPassed: false, requireEvaluation: false }).criteria).toEqual([])
  })

  test('criteria are listed in the contract order, whatever the order of the rule', () => {
    const result = evaluate(
      { minPresenceAnsweredRatio: 0.5, requireEvaluation: true, requireExamPassed: true, minAttendedRatio: 0.5, minAttendedMinutes: 60 },
      { examPassed: true, evaluationCompleted: true, presence: { prompted: 2, answered: 1 } },
    )
    expect(result.criteria.map((c) => c.name)).toEqual(['ATTENDED_MINUTES', 'ATTENDED_RATIO', 'EXAM', 'EVALUATION', 'PRESENCE'])
    expect(result).toMatchObject({ eligible: true, credits: 2 })
  })

  test('one unmet criterion among several makes the attendee ineligible and lists the rest as met', () => {
    const result = evaluate({ minAttendedMinutes: 60, requireExamPassed: true, requireEvaluation: true }, { examPassed: true, evaluationCompleted: false })
    expect(result.criteria.map((c) => [c.name, c.met])).toEqual([
      ['ATTENDED_MINUTES', true],
      ['EXAM', true],
      ['EVALUATION', false],
    ])
    expect(result).toMatchObject({ eligible: false, credits: 0, attendedMinutes: 120, scheduledMinutes: 150 })
  })

  test('the minutes criterion uses raw minutes, not quarter-hour rounded ones', () => {
    const result = computeCredits({
      rule: rule({ rounding: 'QUARTER_HOUR', minAttendedMinutes: 60 }),
      sessions: morning,
      intervals: [live('main', '09:00', '09:53')],
    })
    expect(result).toMatchObject({ eligible: false, credits: 0, attendedMinutes: 53 })
  })

  test('the ratio reports exact fractions', () => {
    const result = evaluate({ minAttendedRatio: 0 }, { intervals: [live('main', '09:00', '09:50')] })
    expect(result.criteria[0]!.actual).toBe(50 / 150)
  })
})

describe('computeCredits: a full result', () => {
  test('AMA live credit for an attendee who moved between forums and devices', () => {
    const result = computeCredits({
      rule: rule({ rounding: 'QUARTER_HOUR', maxCredits: 4, minAttendedRatio: 0.5, requireEvaluation: true }),
      sessions: summit,
      intervals: [
        live('main', '08:55', '10:10'), // phone: 60 of m1, coffee doesn't count
        live('main', '09:30', '11:00', 'VENUE'), // in the hall too: 30 more of m2
        live('other', '11:00', '12:00'), // a forum outside the scope
        live('subA', '13:30', '14:10'), // 40 min of a1
        live('subB', '14:00', '15:30'), // 90 min of b1/b2, 10 of them alongside a1: 120 in all
        live('subB', '15:30', '16:00', 'REPLAY'), // replay doesn't count for live credit
      ],
      evaluationCompleted: true,
    })
    expect(result).toEqual({
      eligible: true,
      credits: 3.5,
      attendedMinutes: 210,
      scheduledMinutes: 300,
      criteria: [
        { name: 'ATTENDED_RATIO', met: true, actual: 0.7, required: 0.5 },
        { name: 'EVALUATION', met: true, actual: true, required: true },
      ],
    })
  })
})
