/**
 * Transactional email content, pure: text in, text out. The caller passes the translate
 * function for the recipient's language, so messages follow the person, not the server.
 */
export type Translate = (key: string, values?: Record<string, unknown>) => string

/** Delivery states, as stored (see EmailStatus in schema.prisma). */
export const EMAIL_STATUSES = ['OUTBOX', 'QUEUED', 'SENT', 'FAILED'] as const
export type EmailStatusName = (typeof EMAIL_STATUSES)[number]

export type RenderedEmail = { subject: string; text: string; html: string }

export type ConfirmationInput = {
  realName: string
  eventTitle: string
  dates: string
  ticketName: string
  ticketUrl: string
  calendarUrl: string
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)
}

/** Lines that can be headers must not smuggle new headers in (CR/LF injection). */
export function singleLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').trim()
}

/**
 * "Your registration is confirmed": what, when, the ticket link (its QR code is the entry
 * pass) and the calendar file. Plain text first; the HTML part says the same thing.
 */
export function renderConfirmationEmail(t: Translate, input: ConfirmationInput): RenderedEmail {
  const values = { name: input.realName, event: input.eventTitle, dates: input.dates, ticket: input.ticketName }
  const subject = singleLine(t('email.confirmed.subject', values))
  const paragraphs = [
    t('email.confirmed.greeting', values),
    t('email.confirmed.body', values),
    t('email.confirmed.ticketLink', values),
    input.ticketUrl,
    t('email.confirmed.calendarLink', values),
    input.calendarUrl,
    t('email.signature', values),
  ]
  const text = paragraphs.join('\n\n') + '\n'
  const link = (href: string) => `<a href="${escapeHtml(href)}">${escapeHtml(href)}</a>`
  const html = [
    `<p>${escapeHtml(paragraphs[0]!)}</p>`,
    `<p>${escapeHtml(paragraphs[1]!)}</p>`,
    `<p>${escapeHtml(paragraphs[2]!)}<br>${link(input.ticketUrl)}</p>`,
    `<p>${escapeHtml(paragraphs[4]!)}<br>${link(input.calendarUrl)}</p>`,
    `<p>${escapeHtml(paragraphs[6]!)}</p>`,
  ].join('\n')
  return { subject, text, html }
}

export type StageInvitationInput = {
  realName: string
  eventTitle: string
  forumTitle: string
  startsAt: string
  playerUrl: string
  /** A speaker invited by e-mail who had no account: the one-time link that sets its password first. */
  setPasswordUrl?: string
}

/**
 * "You are invited on stage": for a speaker joining from another city. The link opens the
 * forum's player, where an invited account goes on stage with camera and microphone. A speaker
 * who had no account gets one with the invitation, and first a link to set its password.
 */
export function renderStageInvitationEmail(t: Translate, input: StageInvitationInput): RenderedEmail {
  const values = { name: input.realName, event: input.eventTitle, forum: input.forumTitle, time: input.startsAt }
  const subject = singleLine(t('email.stageInvitation.subject', values))
  const blocks: { text: string; url?: string }[] = [{ text: t('email.confirmed.greeting', values) }, { text: t('email.stageInvitation.body', values) }]
  if (input.setPasswordUrl) blocks.push({ text: t('email.stageInvitation.newAccount', values), url: input.setPasswordUrl })
  blocks.push({ text: t('email.stageInvitation.link', values), url: input.playerUrl }, { text: t('email.signature', values) })
  const text = blocks.map((b) => (b.url ? `${b.text}\n\n${b.url}` : b.text)).join('\n\n') + '\n'
  const html = blocks.map((b) => (b.url ? `<p>${escapeHtml(b.text)}<br><a href="${escapeHtml(b.url)}">${escapeHtml(b.url)}</a></p>` : `<p>${escapeHtml(b.text)}</p>`)).join('\n')
  return { subject, text, html }
}

/** Delivery retries: give up after this many attempts; wait longer after each failure. */
export const MAX_EMAIL_ATTEMPTS = 5

export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 3_600_000)
}

/** Delivery priorities, as stored (see EmailPriority in schema.prisma), in the order they are sent. */
export const EMAIL_PRIORITIES = ['TRANSACTIONAL', 'BULK'] as const
export type EmailPriorityName = (typeof EMAIL_PRIORITIES)[number]

/**
 * Mails that go to many people at once and that nobody is waiting for at their screen. They
 * are sent after every transactional mail (a password reset, a sign-up or registration
 * confirmation, a stage invitation, a transfer received…), so a message to 5,000 registrants
 * never holds a reset link back for minutes. Reminders are `forum_reminder_<day|hour>`.
 */
export const BULK_EMAIL_KINDS: ReadonlySet<string> = new Set(['registrant_message', 'certificate_issued', 'replay_available', 'registration_import_invitation', 'registration_import'])

export function emailPriority(kind: string): EmailPriorityName {
  return BULK_EMAIL_KINDS.has(kind) || kind.startsWith('forum_reminder_') ? 'BULK' : 'TRANSACTIONAL'
}
