import { expect, test } from 'vitest'
import { followsForum, reminderDue, renderCertificateIssuedEmail, renderForumReminderEmail, renderReplayAvailableEmail } from './automatic-mails.ts'

const start = new Date('2026-12-10T01:30:00.000Z')
const before = (minutes: number) => new Date(start.getTime() - minutes * 60_000)

test.each<[string, Date, ReturnType<typeof reminderDue>]>([
  ['two days before: nothing yet', before(48 * 60), null],
  ['24 h before: the day reminder', before(24 * 60), 'day'],
  ['a day minus a minute: the day reminder', before(24 * 60 - 1), 'day'],
  ['three hours before: still the day reminder', before(180), 'day'],
  ['two hours before: neither (the hour reminder is near)', before(120), null],
  ['90 minutes before: neither', before(90), null],
  ['an hour before: the hour reminder', before(60), 'hour'],
  ['five minutes before: the hour reminder', before(5), 'hour'],
  ['at the start: nothing', start, null],
  ['after the start: nothing', before(-10), null],
])('%s', (_name, now, due) => {
  expect(reminderDue(start, now)).toBe(due)
})

test.each<[string, string[], { id: string; kind: 'MAIN' | 'SUB' }, boolean]>([
  ['no choice: the main forum', [], { id: 'm', kind: 'MAIN' }, true],
  ['no choice: not a sub-forum', [], { id: 's', kind: 'SUB' }, false],
  ['a chosen sub-forum', ['s'], { id: 's', kind: 'SUB' }, true],
  ['a choice without the main forum leaves it out', ['s'], { id: 'm', kind: 'MAIN' }, false],
])('%s', (_name, chosen, forum, follows) => {
  expect(followsForum(chosen, forum)).toBe(follows)
})

const t = (key: string, values?: Record<string, unknown>) => `${key}${values ? ' ' + JSON.stringify(values) : ''}`

test('a reminder names the forum and time, links the live page and the agenda, and keeps markup out', () => {
  const mail = renderForumReminderEmail(t, 'hour', { realName: '<b>李雷</b>', eventTitle: 'E', forumTitle: 'F', startsAt: '09:30', liveUrl: 'https://x/live?a=1&b=2', agendaUrl: 'https://x/agenda' })
  expect(mail.subject).toContain('email.reminder.subject.hour')
  expect(mail.subject).toContain('"forum":"F"')
  expect(mail.text).toContain('email.reminder.body.hour')
  expect(mail.text).toContain('https://x/live?a=1&b=2')
  expect(mail.text).toContain('https://x/agenda')
  expect(mail.html).toContain('href="https://x/live?a=1&amp;b=2"')
  expect(mail.html).not.toContain('<b>李雷</b>')
})

test('the certificate mail names the rule and credits; the replay mail says until when, if it ends', () => {
  const certificate = renderCertificateIssuedEmail(t, { realName: 'N', eventTitle: 'E', ruleName: 'R', credits: '1.5', creditsUrl: 'https://x/me/credits' })
  expect(certificate.text).toContain('"credits":"1.5"')
  expect(certificate.text).toContain('https://x/me/credits')
  const open = renderReplayAvailableEmail(t, { realName: 'N', eventTitle: 'E', forumTitle: 'F', until: null, replayUrl: 'https://x/replay' })
  const until = renderReplayAvailableEmail(t, { realName: 'N', eventTitle: 'E', forumTitle: 'F', until: '12月31日', replayUrl: 'https://x/replay' })
  expect(open.text).toContain('email.replayAvailable.body ')
  expect(until.text).toContain('email.replayAvailable.bodyUntil')
  expect(until.text).toContain('12月31日')
  expect(/[\r\n]/.test(certificate.subject)).toBe(false)
})
