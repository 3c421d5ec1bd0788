import { dayKey } from './time.ts'

/**
 * The shape of an event's programme: forums (one MAIN, any number of SUB) holding
 * agenda sessions. Pure: takes rows in, gives a view out.
 */
export type TimeRange = { startsAt: Date; endsAt: Date }
export type AgendaSession = TimeRange & { id: string }
export type AgendaForum<S extends AgendaSession = AgendaSession> = TimeRange & {
  id: string
  kind: 'MAIN' | 'SUB'
  position: number
  sessions: S[]
}

/** MAIN forum first, then sub-forums by their position, then by start. */
export function orderForums<F extends Pick<AgendaForum, 'kind' | 'position' | 'startsAt' | 'id'>>(forums: F[]): F[] {
  return [...forums].sort((a, b) => (a.kind === 'MAIN' ? 0 : 1) - (b.kind === 'MAIN' ? 0 : 1) || a.position - b.position || a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id))
}

type SessionOf<F extends AgendaForum> = F['sessions'][number]

export type ProgrammeDay<F extends AgendaForum> = {
  day: string
  /** Forums with at least one session that day, MAIN first; parallel sub-forums side by side. */
  columns: { forum: F; sessions: SessionOf<F>[] }[]
}

/**
 * Day-by-day programme in the event's time zone. A session belongs to the day it
 * starts on. Forums with no sessions appear on the days their own time range covers.
 */
export function programmeByDay<F extends AgendaForum>(forums: F[], timeZone: string): ProgrammeDay<F>[] {
  type S = SessionOf<F>
  const days = new Map<string, Map<string, { forum: F; sessions: S[] }>>()
  const column = (day: string, forum: F) => {
    let byForum = days.get(day)
    if (!byForum) days.set(day, (byForum = new Map()))
    let col = byForum.get(forum.id)
    if (!col) byForum.set(forum.id, (col = { forum, sessions: [] }))
    return col
  }
  for (const forum of forums) {
    if (forum.sessions.length === 0) {
      column(dayKey(forum.startsAt, timeZone), forum)
      continue
    }
    for (const s of forum.sessions as S[]) column(dayKey(s.startsAt, timeZone), forum).sessions.push(s)
  }
  const order = new Map(orderForums(forums).map((f, i) => [f.id, i]))
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, byForum]) => ({
      day,
      columns: [...byForum.values()]
        .sort((a, b) => (order.get(a.forum.id) ?? 0) - (order.get(b.forum.id) ?? 0))
        .map((c) => ({ ...c, sessions: [...c.sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()) })),
    }))
}

/** A forum whose sessions name their speakers and which lists its chairs (主持 / 嘉宾主持). */
export type PeopledForum = AgendaForum<AgendaSession & { speakers: { speaker: { id: string } }[] }> & {
  hosts: { role: 'CHAIR' | 'GUEST_CHAIR'; speaker: { id: string } }[]
}

export type SpeakerAppearances<F extends PeopledForum> = {
  /** Sessions the speaker speaks in, in time order (parallel ones by forum order). */
  sessions: { forum: F; session: SessionOf<F> }[]
  /** Forums the speaker chairs, in programme order. */
  chairs: { forum: F; role: F['hosts'][number]['role'] }[]
}

/**
 * Where one person appears in an event's programme: the sessions they speak in and the
 * forums they chair. Both lists are empty for someone not on this event's programme,
 * which is how a speaker page of another event is told apart.
 */
export function speakerAppearances<F extends PeopledForum>(forums: F[], speakerId: string): SpeakerAppearances<F> {
  const ordered = orderForums(forums)
  const sessions: SpeakerAppearances<F>['sessions'] = []
  const chairs: SpeakerAppearances<F>['chairs'] = []
  for (const forum of ordered) {
    const host = forum.hosts.find((h) => h.speaker.id === speakerId)
    if (host) chairs.push({ forum, role: host.role })
    for (const session of forum.sessions as SessionOf<F>[]) {
      if (session.speakers.some((sp) => sp.speaker.id === speakerId)) sessions.push({ forum, session })
    }
  }
  // A stable sort keeps forum order among sessions that start together.
  sessions.sort((a, b) => a.session.startsAt.getTime() - b.session.startsAt.getTime())
  return { sessions, chairs }
}

/** Pairs of sessions that overlap in time (touching end-to-start is not an overlap). */
export function findOverlaps<S extends AgendaSession>(sessions: S[]): [S, S][] {
  const sorted = [...sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
  const out: [S, S][] = []
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j]!
      if (b.startsAt.getTime() >= a.endsAt.getTime()) break
      out.push([a, b])
    }
  }
  return out
}

/** Where an event stands relative to `now`. */
export function eventPhase(range: TimeRange, now: Date): 'upcoming' | 'live' | 'past' {
  if (now.getTime() < range.startsAt.getTime()) return 'upcoming'
  if (now.getTime() >= range.endsAt.getTime()) return 'past'
  return 'live'
}
