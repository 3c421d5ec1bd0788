import { escapeHtml, singleLine, type RenderedEmail, type Translate } from './email.ts'

/**
 * Automatic mails (issue 15), each switchable per event:
 * - a reminder the day before and an hour before each forum an attendee chose (my agenda;
 *   no choice means the main forum), with the link to its live page;
 * - "your certificate is issued", with the link to the credits page;
 * - "the replay is available", once a forum's replay is published.
 * A mail is never sent twice for the same reason: each has a dedupe key per recipient and
 * reason. Pure: the clock is a parameter.
 */
export type ReminderKind = 'day' | 'hour'

const HOUR_MS = 3_600_000

/**
 * Which reminder is due for a forum starting at `startsAt`, at `now`: the hour reminder in the
 * last hour before the start, the day reminder from 24 h until 2 h before it (someone who
 * registers three hours before gets only the hour reminder; nobody gets both within an hour).
 * Nothing once the forum has started.
 */
export function reminderDue(startsAt: Date, now: Date): ReminderKind | null {
  const before = startsAt.getTime() - now.getTime()
  if (before <= 0) return null
  if (before <= HOUR_MS) return 'hour'
  if (before > 2 * HOUR_MS && before <= 24 * HOUR_MS) return 'day'
  return null
}

/** The pass over a forum's registrants for one reason: done once (AutomaticMailPass.key). */
export function reminderPassKey(kind: ReminderKind, forumId: string): string {
  return `forum_reminder:${kind}:${forumId}`
}
export function replayPassKey(forumId: string): string {
  return `replay_available:${forumId}`
}

/** One recipient's mail for one reason (EmailMessage.dedupeKey). */
export function reminderDedupeKey(kind: ReminderKind, forumId: string, registrationId: string): string {
  return `forum_reminder:${kind}:${forumId}:${registrationId}`
}
export function replayDedupeKey(forumId: string, registrationId: string): string {
  return `replay_available:${forumId}:${registrationId}`
}
export function certificateDedupeKey(certificateId: string): string {
  return `certificate_issued:${certificateId}`
}

/** Whether a registration follows a forum: its agenda names it, or it chose nothing and the forum is a main forum. */
export function followsForum(chosenForumIds: readonly string[], forum: { id: string; kind: 'MAIN' | 'SUB' }): boolean {
  return chosenForumIds.length === 0 ? forum.kind === 'MAIN' : chosenForumIds.includes(forum.id)
}

export type ForumReminderInput = { realName: string; eventTitle: string; forumTitle: string; startsAt: string; liveUrl: string; agendaUrl: string }
export type CertificateIssuedInput = { realName: string; eventTitle: string; ruleName: string; credits: string; creditsUrl: string }
export type ReplayAvailableInput = { realName: string; eventTitle: string; forumTitle: string; until: string | null; replayUrl: string }

export function renderForumReminderEmail(t: Translate, kind: ReminderKind, input: ForumReminderInput): RenderedEmail {
  const values = { name: input.realName, event: input.eventTitle, forum: input.forumTitle, time: input.startsAt }
  return renderBlocks(t(`email.reminder.subject.${kind}`, values), [
    { text: t('email.confirmed.greeting', values) },
    { text: t(`email.reminder.body.${kind}`, values) },
    { text: t('email.reminder.link', values), url: input.liveUrl },
    { text: t('email.reminder.agenda', values), url: input.agendaUrl },
    { text: t('email.signature', values) },
  ])
}

export function renderCertificateIssuedEmail(t: Translate, input: CertificateIssuedInput): RenderedEmail {
  const values = { name: input.realName, event: input.eventTitle, rule: input.ruleName, credits: input.credits }
  return renderBlocks(t('email.certificateIssued.subject', values), [
    { text: t('email.confirmed.greeting', values) },
    { text: t('email.certificateIssued.body', values) },
    { text: t('email.certificateIssued.link', values), url: input.creditsUrl },
    { text: t('email.signature', values) },
  ])
}

export function renderReplayAvailableEmail(t: Translate, input: ReplayAvailableInput): RenderedEmail {
  const values = { name: input.realName, event: input.eventTitle, forum: input.forumTitle, until: input.until ?? '' }
  return renderBlocks(t('email.replayAvailable.subject', values), [
    { text: t('email.confirmed.greeting', values) },
    { text: t(input.until ? 'email.replayAvailable.bodyUntil' : 'email.replayAvailable.body', values) },
    { text: t('email.replayAvailable.link', values), url: input.replayUrl },
    { text: t('email.signature', values) },
  ])
}

function renderBlocks(subject: string, blocks: { text: string; url?: string }[]): RenderedEmail {
  const text = blocks.map((b) => (b.url ? `${b.text}\n\n${b.url}` : b.text)).join('\n\n') + '\n'
  const html = blocks.map((b) => (b.url ? `<p>${escapeHtml(b.text)}<br><a href="${escapeHtml(b.url)}">${escapeHtml(b.url)}</a></p>` : `<p>${escapeHtml(b.text)}</p>`)).join('\n')
  return { subject: singleLine(subject), text, html }
}
