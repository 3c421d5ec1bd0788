import { speakerAppearances } from '~/domain/agenda.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { TtlCache } from '~/utils/ttl-cache.server.ts'
import { onForgetEventPage } from '~/utils/event-page-cache.server.ts'
import { getEventPage, getEventPageCached, type EventPage } from './get-event-page.server.ts'

type Profile = NonNullable<Awaited<ReturnType<typeof loadProfile>>>

/** Profiles are kept as briefly as the event pages they sit beside, and forgotten with them. */
const profileCache = new TtlCache<Profile | null>(5_000)
// A speaker may be on several events' programmes; staff edits are rare, so forget them all.
onForgetEventPage(() => profileCache.clear())

function loadProfile(db: Db, speakerId: string) {
  return db.speaker.findUnique({
    where: { id: speakerId },
    select: { id: true, nameZh: true, nameEn: true, affiliationZh: true, affiliationEn: true, bioZh: true, bioEn: true },
  })
}

type Loaders = { event: (db: Db, slug: string) => Promise<EventPage>; profile: (db: Db, speakerId: string) => Promise<Profile | null> }
const direct: Loaders = { event: getEventPage, profile: loadProfile }
const cached: Loaders = { event: getEventPageCached, profile: (db, id) => profileCache.get(id, () => loadProfile(db, id)) }

/**
 * A speaker's page within one published event: who they are, the sessions they speak in
 * and the forums they chair there. Someone who is not on this event's programme has no page
 * here (404), even if they speak at another event.
 */
export async function getSpeakerPage(db: Db, input: { slug: string; speakerId: string }, load: Loaders = direct) {
  const event = await load.event(db, input.slug)
  const { sessions, chairs } = speakerAppearances(event.forums, input.speakerId)
  // Checked before the profile is read, so made-up ids never reach the database.
  if (sessions.length === 0 && chairs.length === 0) throw new AppError('not_found', `Speaker ${input.speakerId} is not on the programme of ${input.slug}`)
  const speaker = await load.profile(db, input.speakerId)
  if (!speaker) throw new AppError('not_found', `No speaker ${input.speakerId}`)
  const forumOf = (f: EventPage['forums'][number]) => ({ slug: f.slug, kind: f.kind, titleZh: f.titleZh, titleEn: f.titleEn, startsAt: f.startsAt, endsAt: f.endsAt })
  return {
    event: { slug: event.slug, titleZh: event.titleZh, titleEn: event.titleEn, timeZone: event.timeZone },
    speaker,
    sessions: sessions.map(({ forum, session }) => ({ forum: forumOf(forum), session })),
    chairs: chairs.map(({ forum, role }) => ({ forum: forumOf(forum), role })),
  }
}

export function getSpeakerPageCached(db: Db, input: { slug: string; speakerId: string }) {
  return getSpeakerPage(db, input, cached)
}

export type SpeakerPage = Awaited<ReturnType<typeof getSpeakerPage>>
