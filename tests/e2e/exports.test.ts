import { XMLParser } from 'fast-xml-parser'
import ical, { type VEvent } from 'node-ical'
import { expect, inject, test } from 'vitest'

const baseUrl = inject('baseUrl')
const slug = 'high-altitude-medicine-forum-2026'

type JsonSchedule = { schedule: { days: { date: string; rooms: { name: string; sessions: { uid: string; guid: string; startUtc: string; endUtc: string; titleZh: string; titleEn: string }[] }[] }[] } }

async function json(): Promise<JsonSchedule> {
  const res = await fetch(`${baseUrl}/events/${slug}/schedule.json`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/application\/json/)
  return res.json() as Promise<JsonSchedule>
}

test('calendar.ics parses with an independent parser: one VEVENT per session, stable UIDs, right times', async () => {
  const { schedule } = await json()
  const sessions = schedule.days.flatMap((d) => d.rooms.flatMap((r) => r.sessions))
  expect(sessions.length).toBeGreaterThanOrEqual(20)

  const res = await fetch(`${baseUrl}/events/${slug}/calendar.ics?lang=en`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/calendar/)
  // Its language named in the address: the same for everyone, so a shared cache may keep it.
  expect(res.headers.get('cache-control')).toBe('public, max-age=300')
  const text = await res.text()
  expect(text.startsWith('BEGIN:VCALENDAR')).toBe(true)
  const parsed = ical.sync.parseICS(text)
  const events = Object.values(parsed).filter((c): c is VEvent => c?.type === 'VEVENT')
  expect(events).toHaveLength(sessions.length)
  for (const s of sessions) {
    const e = events.find((x) => x.uid === s.uid)
    expect(e, s.uid).toBeDefined()
    expect(e!.start.toISOString()).toBe(s.startUtc)
    expect(e!.end?.toISOString()).toBe(s.endUtc)
    expect(String(e!.summary)).toBe(s.titleEn)
  }
  // Stable across downloads. Without ?lang= the language is the reader's cookie: theirs alone.
  const byCookie = await fetch(`${baseUrl}/events/${slug}/calendar.ics`)
  expect(byCookie.headers.get('cache-control')).toBe('private, max-age=300')
  expect(byCookie.headers.get('vary')).toMatch(/cookie/i)
  const again = ical.sync.parseICS(await byCookie.text())
  expect(
    Object.values(again)
      .filter((c): c is VEvent => c?.type === 'VEVENT')
      .map((e) => e.uid)
      .sort(),
  ).toEqual(events.map((e) => e.uid).sort())
})

test('schedule.xml is frab XML: days, rooms per forum, events with guid, date, start and duration', async () => {
  const { schedule } = await json()
  const res = await fetch(`${baseUrl}/events/${slug}/schedule.xml`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/xml/)
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['day', 'room', 'event', 'person'].includes(name) }).parse(await res.text())
  expect(xml.schedule.conference.acronym).toBe(slug)
  expect(xml.schedule.conference.time_zone_name).toBe('Asia/Shanghai')
  expect(xml.schedule.conference.days).toBe(6)
  const days = xml.schedule.day as { '@date': string; room: { '@name': string; event: { '@guid': string; date: string; start: string; duration: string; title: string }[] }[] }[]
  expect(days.map((d) => d['@date'])).toEqual(schedule.days.map((d) => d.date))
  // Day indexes count from the conference's first day (10 August), gaps included.
  expect(days.map((d) => Number((d as unknown as { '@index': string })['@index']))).toEqual(schedule.days.map((d) => Number(d.date.slice(8)) - 9))
  const xmlEvents = days.flatMap((d) => d.room.flatMap((r) => r.event))
  const jsonSessions = schedule.days.flatMap((d) => d.rooms.flatMap((r) => r.sessions))
  expect(xmlEvents.map((e) => e['@guid']).sort()).toEqual(jsonSessions.map((s) => s.guid).sort())
  for (const e of xmlEvents) {
    expect(e.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+08:00$/)
    expect(e.date.slice(11, 16)).toBe(String(e.start).padStart(5, '0'))
    expect(e.duration).toMatch(/^\d{2}:\d{2}$/)
  }
  expect(days[0]!.room[0]!['@name']).toContain('主论坛')
})

test('exports of an unknown event are 404s', async () => {
  for (const path of ['calendar.ics', 'schedule.xml', 'schedule.json']) {
    const res = await fetch(`${baseUrl}/events/no-such-event/${path}`)
    expect(res.status, path).toBe(404)
  }
})
