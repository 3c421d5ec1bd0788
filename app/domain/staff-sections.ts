/**
 * The staff event console's sections (issue 15 §6): each is its own page under
 * /staff/events/<id>/…, and every page of the console shows the same navigation with the current
 * section marked. Pure: the path → section mapping is tested in staff-sections.test.ts.
 */
export const STAFF_SECTIONS = ['overview', 'agenda', 'registrations', 'tickets', 'payments', 'venues', 'live', 'exams', 'credits', 'mails'] as const
export type StaffSection = (typeof STAFF_SECTIONS)[number]

/** Each section's own path below /staff/events/<id> ('' is the overview). */
export const SECTION_PATHS: Record<StaffSection, string> = {
  overview: '',
  agenda: 'agenda',
  registrations: 'registrations',
  tickets: 'tickets',
  payments: 'payments',
  venues: 'venues',
  live: 'live',
  exams: 'exams',
  credits: 'credits',
  mails: 'mails',
}

/** Pages that are not sections themselves, under the section they belong to. */
const SUB_PAGES: Record<string, StaffSection> = {
  forums: 'agenda',
  questions: 'exams',
  surveys: 'exams',
  'certificate-artwork': 'credits',
  'certificate-preview.pdf': 'credits',
  eligibility: 'payments',
  messages: 'mails',
}

export function sectionHref(eventId: string, section: StaffSection): string {
  const path = SECTION_PATHS[section]
  return path ? `/staff/events/${eventId}/${path}` : `/staff/events/${eventId}`
}

/** The section a staff URL path belongs to; null outside the event console. */
export function sectionOfPath(pathname: string): StaffSection | null {
  const match = /^\/staff\/events\/[^/]+(?:\/([^/?#]*))?/.exec(pathname)
  if (!match) return null
  const first = match[1] ?? ''
  if (first === '') return 'overview'
  const own = STAFF_SECTIONS.find((s) => SECTION_PATHS[s] === first)
  if (own) return own
  // registrations.csv, registrations/import … belong to their section's first word.
  const stem = first.split('.')[0]!
  return SUB_PAGES[first] ?? SUB_PAGES[stem] ?? STAFF_SECTIONS.find((s) => SECTION_PATHS[s] === stem) ?? null
}

/** What a section's action answers, shown by the form that sent it. */
export type StaffIntentResult = {
  intent: string
  /** The forum an edit form was for, so its errors show next to that form. */
  forumId?: string
  /** The agenda item, ticket type or venue an edit form was for. */
  itemId?: string
  ok: boolean
  code?: string
  fields?: Record<string, string>
  values?: Record<string, unknown>
}
