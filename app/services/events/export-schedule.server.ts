import icalGenerator from 'ical-generator'
import { create } from 'xmlbuilder2'
import type { AppLocale } from '~/domain/locale.ts'
import { localized } from '~/domain/locale.ts'
import { buildSchedule, type Schedule } from '~/domain/schedule.ts'
import type { Db } from '~/utils/db.server.ts'
import { getEventPage } from './get-event-page.server.ts'

/** The schedule of a published event, ready for any export. */
export async function getSchedule(db: Db, slug: string, baseUrl: string): Promise<Schedule> {
  const event = await getEventPage(db, slug)
  return buildSchedule({ ...event, baseUrl })
}

/**
 * RFC 5545 calendar, one VEVENT per session with a stable UID. Times are written in UTC
 * (always valid, no VTIMEZONE needed); calendar apps show them in the reader's zone, and
 * X-WR-TIMEZONE names the event's zone.
 */
export function toICalendar(schedules: Schedule[], options: { name: string; locale: AppLocale; stamp: Date; locationOf?: (forumSlug: string) => string | undefined }): string {
  const cal = icalGenerator({ name: options.name, prodId: { company: 'cme-forum', product: 'schedule', language: options.locale === 'zh-CN' ? 'ZH' : 'EN' } })
  if (schedules[0]) cal.x([{ key: 'X-WR-TIMEZONE', value: schedules[0].timeZone }])
  for (const schedule of schedules) {
    for (const day of schedule.days) {
      for (const room of day.rooms) {
        for (const s of room.sessions) {
          cal.createEvent({
            id: s.uid,
            start: new Date(s.startUtc),
            end: new Date(s.endUtc),
            stamp: options.stamp,
            summary: localized(options.locale, s.titleZh, s.titleEn),
            location: options.locationOf?.(room.forumSlug) ?? room.name,
            description: s.speakers.map((p) => localized(options.locale, p.nameZh, p.nameEn)).join(', ') || undefined,
            url: s.url,
          })
        }
      }
    }
  }
  return cal.toString()
}

const FRAB_TYPE: Record<string, string> = { OPENING: 'opening', TALK: 'lecture', PANEL: 'podium', BREAK: 'break', CLOSING: 'closing', OTHER: 'other' }

/** The frab schedule XML (conference apps such as Giggity and ConfClerk read it). */
export function toFrabXml(schedule: Schedule, locale: AppLocale): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele('schedule')
  doc.ele('version').txt('1.0')
  const conf = doc.ele('conference')
  conf.ele('acronym').txt(schedule.slug)
  conf.ele('title').txt(localized(locale, schedule.titleZh, schedule.titleEn))
  conf.ele('start').txt(schedule.start)
  conf.ele('end').txt(schedule.end)
  conf.ele('days').txt(String(schedule.dayCount))
  conf.ele('timeslot_duration').txt('00:05')
  conf.ele('time_zone_name').txt(schedule.timeZone)
  for (const day of schedule.days) {
    const d = doc.ele('day', { index: String(day.index), date: day.date, start: day.start, end: day.end })
    for (const room of day.rooms) {
      const r = d.ele('room', { name: room.name, guid: room.guid })
      for (const s of room.sessions) {
        const e = r.ele('event', { guid: s.guid, id: String(s.frabId) })
        e.ele('date').txt(s.start)
        e.ele('start').txt(s.localStart)
        e.ele('duration').txt(s.duration)
        e.ele('room').txt(room.name)
        e.ele('slug').txt(`${schedule.slug}-${s.frabId}`)
        e.ele('url').txt(s.url)
        e.ele('title').txt(localized(locale, s.titleZh, s.titleEn))
        e.ele('subtitle')
        e.ele('track').txt(room.forumSlug)
        e.ele('type').txt(FRAB_TYPE[s.kind] ?? 'other')
        e.ele('language').txt(locale === 'zh-CN' ? 'zh' : 'en')
        e.ele('abstract')
        e.ele('description')
        const persons = e.ele('persons')
        for (const p of s.speakers) persons.ele('person', { id: String(p.frabId) }).txt(localized(locale, p.nameZh, p.nameEn))
        e.ele('links')
        e.ele('attachments')
      }
    }
  }
  return doc.end({ prettyPrint: true })
}
