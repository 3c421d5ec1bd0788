import { escapeHtml, singleLine, type RenderedEmail } from './email.ts'
import type { AppLocale } from './locale.ts'

/**
 * Messages from staff to a filtered set of an event's registrants (issue 15 §1, "Messages"):
 * a template with a zh-CN and an English version (subject and body) and placeholders that are
 * filled per recipient, in the recipient's language. Pure: text in, text out.
 */

/** What a template may ask for; `{{name}}` in a template is replaced by the recipient's value. */
export const PLACEHOLDERS = ['name', 'event', 'ticket', 'forum_link', 'ticket_link'] as const
export type Placeholder = (typeof PLACEHOLDERS)[number]
export type PlaceholderValues = Record<Placeholder, string>

/** Chinese names staff may type instead: `{{姓名}}` is `{{name}}`. */
export const PLACEHOLDER_ALIASES: Readonly<Record<string, Placeholder>> = {
  姓名: 'name',
  活动: 'event',
  票种: 'ticket',
  论坛链接: 'forum_link',
  电子票链接: 'ticket_link',
}

/** Placeholders whose value is a link: in the HTML part they become anchors. */
const LINKS: ReadonlySet<Placeholder> = new Set(['forum_link', 'ticket_link'])

export const MESSAGE_SUBJECT_MAX = 200
export const MESSAGE_BODY_MAX = 10_000
export const TEMPLATE_NAME_MAX = 100

export type MessageTemplate = { subjectZh: string; bodyZh: string; subjectEn: string; bodyEn: string }
export type MessageField = keyof MessageTemplate
export const MESSAGE_FIELDS: readonly MessageField[] = ['subjectZh', 'bodyZh', 'subjectEn', 'bodyEn']

export type Segment = { kind: 'text'; text: string } | { kind: 'placeholder'; name: Placeholder }
export type TextProblem = { code: 'unknown_placeholder'; placeholder: string } | { code: 'unclosed_placeholder' }

const TOKEN = /\{\{([^{}]*)\}\}/g

function placeholderNamed(raw: string): Placeholder | null {
  const name = raw.trim()
  if ((PLACEHOLDERS as readonly string[]).includes(name)) return name as Placeholder
  return PLACEHOLDER_ALIASES[name] ?? null
}

/**
 * Splits a template text into literal text and placeholders. Every `{{…}}` must name a known
 * placeholder (or its Chinese alias), and a `{{` or `}}` left over is refused rather than mailed
 * as is: a typo like `{{nmae}}` or `{{name}` would otherwise reach every recipient.
 */
export function parseTemplateText(text: string): { ok: true; segments: Segment[] } | { ok: false; problems: TextProblem[] } {
  const segments: Segment[] = []
  const problems: TextProblem[] = []
  let last = 0
  for (const match of text.matchAll(TOKEN)) {
    const before = text.slice(last, match.index)
    if (before.includes('{{') || before.includes('}}')) problems.push({ code: 'unclosed_placeholder' })
    if (before) segments.push({ kind: 'text', text: before })
    const name = placeholderNamed(match[1]!)
    if (name) segments.push({ kind: 'placeholder', name })
    else problems.push({ code: 'unknown_placeholder', placeholder: match[0] })
    last = match.index + match[0].length
  }
  const rest = text.slice(last)
  if (rest.includes('{{') || rest.includes('}}')) problems.push({ code: 'unclosed_placeholder' })
  if (rest) segments.push({ kind: 'text', text: rest })
  return problems.length > 0 ? { ok: false, problems: dedupeProblems(problems) } : { ok: true, segments }
}

function dedupeProblems(problems: TextProblem[]): TextProblem[] {
  const seen = new Set<string>()
  return problems.filter((p) => {
    const key = p.code === 'unknown_placeholder' ? `${p.code}:${p.placeholder}` : p.code
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

export type TemplateProblem =
  | { field: MessageField; code: 'required' }
  | { field: MessageField; code: 'too_long'; limit: number }
  | { field: MessageField; code: 'unknown_placeholder'; placeholder: string }
  | { field: MessageField; code: 'unclosed_placeholder' }
  | { field: 'subjectZh'; code: 'no_version' }

const LANGUAGES = [
  { subject: 'subjectZh', body: 'bodyZh' },
  { subject: 'subjectEn', body: 'bodyEn' },
] as const

/**
 * What is wrong with a template, field by field (empty: it can be sent). A language version is
 * either complete (subject and body) or left empty, and then its readers get the other one; at
 * least one version must be complete. Subjects are at most 200 characters, bodies 10,000.
 */
export function validateMessageTemplate(template: MessageTemplate): TemplateProblem[] {
  const problems: TemplateProblem[] = []
  let complete = 0
  for (const { subject, body } of LANGUAGES) {
    const s = template[subject].trim()
    const b = template[body].trim()
    if (s && b) complete++
    else if (s) problems.push({ field: body, code: 'required' })
    else if (b) problems.push({ field: subject, code: 'required' })
  }
  for (const field of MESSAGE_FIELDS) {
    const value = template[field]
    const limit = field.startsWith('subject') ? MESSAGE_SUBJECT_MAX : MESSAGE_BODY_MAX
    if (value.length > limit) problems.push({ field, code: 'too_long', limit })
    const parsed = parseTemplateText(value)
    if (!parsed.ok) for (const p of parsed.problems) problems.push({ field, ...p })
  }
  if (complete === 0 && problems.length === 0) problems.push({ field: 'subjectZh', code: 'no_version' })
  return problems
}

export type MessageVersion = { locale: AppLocale; subject: string; body: string }

/**
 * The version a reader of `locale` gets: their own language when it is written, else the other
 * (an English reader of a Chinese-only message gets the Chinese text, not an empty mail).
 */
export function versionFor(locale: AppLocale, template: MessageTemplate): MessageVersion {
  const zh: MessageVersion = { locale: 'zh-CN', subject: template.subjectZh.trim(), body: template.bodyZh.trim() }
  const en: MessageVersion = { locale: 'en', subject: template.subjectEn.trim(), body: template.bodyEn.trim() }
  const written = (v: MessageVersion) => Boolean(v.subject && v.body)
  const [own, other] = locale === 'en' ? [en, zh] : [zh, en]
  return written(own) || !written(other) ? own : other
}

function segmentsOf(text: string): Segment[] {
  const parsed = parseTemplateText(text)
  if (!parsed.ok) throw new Error(`template not validated: ${parsed.problems.map((p) => p.code).join(', ')}`)
  return parsed.segments
}

/**
 * One recipient's mail: the placeholders filled with their values; the subject on one line (no
 * header injection); the text as written; the HTML part with every value escaped, paragraphs at
 * blank lines and the links as anchors. The template must have passed validateMessageTemplate.
 */
export function renderRegistrantMessage(version: { subject: string; body: string }, values: PlaceholderValues): RenderedEmail {
  const fill = (segments: Segment[]) => segments.map((s) => (s.kind === 'text' ? s.text : values[s.name])).join('')
  const subject = singleLine(fill(segmentsOf(version.subject)))
  const body = version.body.replace(/\r\n?/g, '\n').trim()
  const segments = segmentsOf(body)
  const text = fill(segments) + '\n'
  const html = segments
    .map((s) => {
      if (s.kind === 'text')
        return escapeHtml(s.text)
          .split(/\n{2,}/)
          .map((p) => p.replace(/\n/g, '<br>'))
          .join('</p>\n<p>')
      const value = values[s.name]
      return LINKS.has(s.name) && value ? `<a href="${escapeHtml(value)}">${escapeHtml(value)}</a>` : escapeHtml(value)
    })
    .join('')
  return { subject, text, html: `<p>${html}</p>` }
}

/** One recipient's mail of one send (EmailMessage.dedupeKey): a send never mails anyone twice. */
export function registrantMessageDedupeKey(sendId: string, registrationId: string): string {
  return `registrant_message:${sendId}:${registrationId}`
}
