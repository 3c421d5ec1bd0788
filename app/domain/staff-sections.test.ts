import { describe, expect, test } from 'vitest'
import { sectionHref, sectionOfPath, STAFF_SECTIONS } from './staff-sections.ts'

describe('the section a staff page belongs to', () => {
  test.each([
    ['/staff/events/abc123', 'overview'],
    ['/staff/events/abc123/', 'overview'],
    ['/staff/events/abc123/agenda', 'agenda'],
    ['/staff/events/abc123/forums/f1/times', 'agenda'],
    ['/staff/events/abc123/registrations', 'registrations'],
    ['/staff/events/abc123/registrations/import', 'registrations'],
    ['/staff/events/abc123/registrations.csv', 'registrations'],
    ['/staff/events/abc123/tickets', 'tickets'],
    ['/staff/events/abc123/payments', 'payments'],
    ['/staff/events/abc123/eligibility', 'payments'],
    ['/staff/events/abc123/venues', 'venues'],
    ['/staff/events/abc123/live', 'live'],
    ['/staff/events/abc123/exams', 'exams'],
    ['/staff/events/abc123/exams/e1/results', 'exams'],
    ['/staff/events/abc123/questions', 'exams'],
    ['/staff/events/abc123/surveys/new', 'exams'],
    ['/staff/events/abc123/credits', 'credits'],
    ['/staff/events/abc123/certificate-artwork', 'credits'],
    ['/staff/events/abc123/mails', 'mails'],
    ['/staff/events/abc123/messages', 'mails'],
    ['/staff/events/abc123/nowhere', null],
    ['/staff/emails', null],
    ['/events/abc123', null],
  ])('%s → %s', (path, section) => {
    expect(sectionOfPath(path)).toBe(section)
  })

  test('every section links to a page that maps back to it', () => {
    for (const s of STAFF_SECTIONS) expect(sectionOfPath(sectionHref('e1', s))).toBe(s)
  })
})
