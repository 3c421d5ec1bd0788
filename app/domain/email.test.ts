import { describe, expect, test } from 'vitest'
import { emailPriority, escapeHtml, renderConfirmationEmail, renderStageInvitationEmail, retryDelayMs, singleLine, type Translate } from './email.ts'

const t: Translate = (key, v = {}) => `${key}:${Object.values(v).join('|')}`
const input = {
  realName: '李<明>',
  eventTitle: '第十七届医院管理大会 & 论坛',
  dates: '2026年12月12日',
  ticketName: '普通票',
  ticketUrl: 'https://forum.example/tickets/abc?x=1&y=2',
  calendarUrl: 'https://forum.example/events/c/calendar.ics',
}

describe('renderConfirmationEmail', () => {
  test('the text part carries the ticket and calendar links on their own lines', () => {
    const { text } = renderConfirmationEmail(t, input)
    expect(text.split('\n')).toContain(input.ticketUrl)
    expect(text.split('\n')).toContain(input.calendarUrl)
    expect(text).toContain('email.confirmed.body')
  })

  test('the HTML part escapes names and titles', () => {
    const { html } = renderConfirmationEmail(t, input)
    expect(html).toContain('李&lt;明&gt;')
    expect(html).toContain('医院管理大会 &amp; 论坛')
    expect(html).toContain('href="https://forum.example/tickets/abc?x=1&amp;y=2"')
    expect(html).not.toContain('<明>')
  })

  test('a title with a line break cannot add a header to the subject', () => {
    const { subject } = renderConfirmationEmail(t, { ...input, eventTitle: 'A\r\nBcc: someone@evil.example' })
    expect(subject).not.toMatch(/[\r\n]/)
  })
})

describe('renderStageInvitationEmail', () => {
  const invitation = {
    realName: '林<晓峰>',
    eventTitle: '高峰论坛',
    forumTitle: 'A\r\nBcc: x@evil.example',
    startsAt: '12月14日 09:00',
    playerUrl: 'https://forum.example/events/e/forums/sub/live?a=1&b=2',
  }
  test('carries the player link on its own line, escaped in HTML, with a one-line subject', () => {
    const { subject, text, html } = renderStageInvitationEmail(t, invitation)
    expect(text.split('\n')).toContain(invitation.playerUrl)
    expect(html).toContain('href="https://forum.example/events/e/forums/sub/live?a=1&amp;b=2"')
    expect(html).toContain('林&lt;晓峰&gt;')
    expect(subject).not.toMatch(/[\r\n]/)
  })
})

describe('helpers', () => {
  test.each([
    ['<a href="x">', '&lt;a href=&quot;x&quot;&gt;'],
    ["it's", 'it&#39;s'],
    ['纯文本', '纯文本'],
  ])('escapeHtml(%s)', (raw, escaped) => expect(escapeHtml(raw)).toBe(escaped))

  test.each([
    ['a\nb', 'a b'],
    ['a\r\n\r\nb', 'a b'],
    ['  x  ', 'x'],
  ])('singleLine(%j)', (raw, line) => expect(singleLine(raw)).toBe(line))

  test.each([
    [1, 60_000],
    [2, 120_000],
    [3, 240_000],
    [10, 3_600_000],
  ])('after %i attempts the next try waits %i ms', (attempts, ms) => expect(retryDelayMs(attempts)).toBe(ms))
})

describe('emailPriority', () => {
  test.each([
    ['password_reset', 'TRANSACTIONAL'],
    ['signup_confirmation', 'TRANSACTIONAL'],
    ['signup_existing', 'TRANSACTIONAL'],
    ['registration_confirmed', 'TRANSACTIONAL'],
    ['stage_invitation', 'TRANSACTIONAL'],
    ['transfer_instructions', 'TRANSACTIONAL'],
    ['transfer_expired', 'TRANSACTIONAL'],
    ['tier_rejected', 'TRANSACTIONAL'],
    // A kind nobody classified keeps the old first-come order rather than waiting behind bulk mail.
    ['some_new_kind', 'TRANSACTIONAL'],
    ['registrant_message', 'BULK'],
    ['forum_reminder_day', 'BULK'],
    ['forum_reminder_hour', 'BULK'],
    ['certificate_issued', 'BULK'],
    ['replay_available', 'BULK'],
    ['registration_import_invitation', 'BULK'],
    ['registration_import', 'BULK'],
  ])('a %s mail is %s', (kind, priority) => expect(emailPriority(kind)).toBe(priority))
})
