import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { translate } from '../../app/i18n/i18n.ts'
import { commitLoginSession } from '../../app/utils/auth.server.ts'
import { signUpConfirmed } from '../helpers/accounts.ts'
import { testDatabaseUrl, testDb, uniqueEmail } from '../helpers/db.ts'
import { createEvent } from '../helpers/fixtures.ts'

// Issue 15: staff file an event under topics and give each forum its room, through the console's
// own forms (audited); the public events list filters by topic, its bad filters answered with a 400.
const db = testDb()
// The routes read the process-wide client and the cookie secret, as in production.
process.env.DATABASE_URL = testDatabaseUrl()
process.env.SESSION_SECRET ??= 'topics-rooms-secret-topics-rooms-secret-42'

type Reply = { data: unknown; init: { status?: number } | null }
type Module = { action?: (args: never) => Promise<unknown>; loader: (args: never) => Promise<unknown> }
const overview = () => import('../../app/routes/staff.events.$eventId.tsx') as Promise<Module>
const agenda = () => import('../../app/routes/staff.events.$eventId_.agenda.tsx') as Promise<Module>
const eventsList = () => import('../../app/routes/events._index.tsx') as Promise<Module>

let staff = { id: '', cookie: '' }
beforeAll(async () => {
  const { userId, session } = await signUpConfirmed(db, { email: uniqueEmail('topics-staff'), password: 'password-123', realName: 'Topics staff', locale: 'zh-CN' })
  await db.user.update({ where: { id: userId }, data: { role: 'STAFF' } })
  staff = { id: userId, cookie: (await commitLoginSession(session.id, session.expiresAt)).split(';')[0]! }
})
afterAll(async () => {
  const { disconnectDb } = await import('../../app/utils/db.server.ts')
  await disconnectDb()
  await db.$disconnect()
})

/** A reply with a status comes wrapped ({ data, init }); a plain success is the body itself. */
const unwrap = (reply: unknown) => {
  const r = reply as Record<string, unknown>
  const wrapped = 'init' in r && 'data' in r ? (r as unknown as Reply) : null
  return (wrapped ? { status: wrapped.init?.status ?? 200, ...(wrapped.data as object) } : { status: 200, ...r }) as { status: number } & Record<string, unknown>
}

/** Posts one form to a staff section's action, as the browser's form does. */
async function post(section: () => Promise<Module>, url: string, eventId: string, form: Record<string, string>) {
  const { action } = await section()
  const request = new Request(`http://localhost${url}`, {
    method: 'POST',
    body: new URLSearchParams(form),
    headers: { cookie: staff.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  })
  return unwrap(await action!({ request, params: { eventId }, context: {} } as never))
}

const eventForm = (event: { slug: string; titleZh: string; titleEn: string }) => ({
  intent: 'save-event',
  slug: event.slug,
  titleZh: event.titleZh,
  titleEn: event.titleEn,
  summaryZh: '',
  summaryEn: '',
  timeZone: 'Asia/Shanghai',
  startsAt: '2027-03-01T09:00',
  endsAt: '2027-03-01T17:00',
})

const forumForm = (extra: Record<string, string>) => ({
  kind: 'SUB',
  slug: 'sub-1',
  titleZh: '分论坛一',
  titleEn: 'Sub-forum 1',
  startsAt: '2027-03-01T13:00',
  endsAt: '2027-03-01T17:00',
  chairs: '',
  guestChairs: '',
  moderators: '',
  ...extra,
})

/** A message key that reads as a sentence in both languages (not the key echoed back). */
const readsInBothLanguages = (key: string) => {
  for (const locale of ['zh-CN', 'en'] as const) expect(translate(locale, key), `${key} in ${locale}`).not.toBe(key)
  return [translate('zh-CN', key), translate('en', key)]
}

describe('staff file an event under topics', () => {
  test('the overview’s details form saves the ticked topics in the list’s order, audited; unticking all clears them', async () => {
    const event = await createEvent(db)
    const url = `/staff/events/${event.id}`
    expect(await post(overview, url, event.id, { ...eventForm(event), topic_nursing: 'on', topic_cardiology: 'on' })).toMatchObject({ status: 200, ok: true })
    expect((await db.event.findUniqueOrThrow({ where: { id: event.id } })).topics).toEqual(['cardiology', 'nursing'])
    const audit = await db.auditLog.findFirstOrThrow({ where: { type: 'event.updated', userId: staff.id, data: { path: ['eventId'], equals: event.id } }, orderBy: { createdAt: 'desc' } })
    expect(audit.data).toMatchObject({ eventId: event.id, topics: ['cardiology', 'nursing'] })

    expect(await post(overview, url, event.id, eventForm(event))).toMatchObject({ status: 200, ok: true })
    expect((await db.event.findUniqueOrThrow({ where: { id: event.id } })).topics).toEqual([])
    // The form shows what is saved: the loader hands the topics to the boxes.
    const { loader } = await overview()
    const loaded = (await loader({ request: new Request(`http://localhost${url}`, { headers: { cookie: staff.cookie } }), params: { eventId: event.id }, context: {} } as never)) as {
      event: { topics: string[] }
    }
    expect(loaded.event.topics).toEqual([])
  })

  test('a topic not on the list is refused with a message in both languages, and nothing is saved', async () => {
    const event = await createEvent(db)
    await db.event.update({ where: { id: event.id }, data: { topics: ['oncology'] } })
    const reply = await post(overview, `/staff/events/${event.id}`, event.id, { ...eventForm(event), titleEn: 'Changed', topic_dermatology: 'on', topic_surgery: 'on' })
    expect(reply).toMatchObject({ status: 422, ok: false, code: 'validation_failed', fields: { topics: 'topicsRooms.invalidTopic' } })
    expect(readsInBothLanguages('topicsRooms.invalidTopic')).toEqual(['请从列表中选择主题。', 'Choose topics from the list.'])
    // A box that sends something other than a checkbox's "on" is no tick either.
    expect(await post(overview, `/staff/events/${event.id}`, event.id, { ...eventForm(event), topic_surgery: 'yes' })).toMatchObject({ status: 422, fields: { topics: 'topicsRooms.invalidTopic' } })
    expect(await db.event.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ topics: ['oncology'], titleEn: event.titleEn })
  })
})

describe('staff give a forum its room', () => {
  test('adding and editing a forum set its room, trimmed, audited; an empty room is none', async () => {
    const event = await createEvent(db)
    const url = `/staff/events/${event.id}/agenda`
    const added = await post(agenda, url, event.id, { intent: 'add-forum', ...forumForm({ roomZh: '  3楼 报告厅A ', roomEn: 'Hall A, 3rd floor' }) })
    expect(added).toMatchObject({ status: 200, ok: true })
    const forum = await db.forum.findFirstOrThrow({ where: { eventId: event.id, slug: 'sub-1' } })
    expect(forum).toMatchObject({ roomZh: '3楼 报告厅A', roomEn: 'Hall A, 3rd floor' })
    const created = await db.auditLog.findFirstOrThrow({ where: { type: 'forum.created', userId: staff.id, data: { path: ['forumId'], equals: forum.id } } })
    expect(created.data).toMatchObject({ roomZh: '3楼 报告厅A', roomEn: 'Hall A, 3rd floor' })

    expect(await post(agenda, url, event.id, { intent: 'save-forum', forumId: forum.id, ...forumForm({ roomZh: '5楼 长江厅', roomEn: '' }) })).toMatchObject({ status: 200, ok: true })
    expect(await db.forum.findUniqueOrThrow({ where: { id: forum.id } })).toMatchObject({ roomZh: '5楼 长江厅', roomEn: '' })
    const updated = await db.auditLog.findFirstOrThrow({ where: { type: 'forum.updated', userId: staff.id, data: { path: ['forumId'], equals: forum.id } } })
    expect(updated.data).toMatchObject({ roomZh: '5楼 长江厅', roomEn: '' })

    // Without the fields (an older form), the room is none.
    expect(await post(agenda, url, event.id, { intent: 'save-forum', forumId: forum.id, ...forumForm({}) })).toMatchObject({ status: 200, ok: true })
    expect(await db.forum.findUniqueOrThrow({ where: { id: forum.id } })).toMatchObject({ roomZh: '', roomEn: '' })
  })

  test('a room over 80 characters is refused beside its field, in both languages, and nothing is written', async () => {
    const event = await createEvent(db)
    const url = `/staff/events/${event.id}/agenda`
    const long = '厅'.repeat(81)
    expect(await post(agenda, url, event.id, { intent: 'add-forum', ...forumForm({ roomZh: long }) })).toMatchObject({ status: 422, ok: false, fields: { roomZh: 'validation.tooLong' } })
    expect(await db.forum.count({ where: { eventId: event.id, slug: 'sub-1' } })).toBe(0)
    readsInBothLanguages('validation.tooLong')

    const main = event.forums[0]!
    const reply = await post(agenda, url, event.id, { intent: 'save-forum', forumId: main.id, ...forumForm({ kind: 'MAIN', slug: 'main', roomEn: 'x'.repeat(81) }) })
    // The error shows beside the edited forum.
    expect(reply).toMatchObject({ status: 422, forumId: main.id, fields: { roomEn: 'validation.tooLong' } })
    expect(await db.forum.findUniqueOrThrow({ where: { id: main.id } })).toMatchObject({ slug: 'main', roomEn: '', titleEn: 'Main forum' })
    // Exactly 80 is fine.
    expect(await post(agenda, url, event.id, { intent: 'save-forum', forumId: main.id, ...forumForm({ kind: 'MAIN', slug: 'main', roomEn: 'x'.repeat(80) }) })).toMatchObject({ status: 200 })
  })
})

describe('the events list’s topic filter', () => {
  const load = async (search: string) => {
    const { loader } = await eventsList()
    return unwrap(await loader({ request: new Request(`http://localhost/events${search}`), params: {}, context: {} } as never))
  }

  test('a topic in the URL filters the list and stays in the form; a blank one means any', async () => {
    const word = `topicfilter${Date.now()}`
    const [a, b] = [await createEvent(db), await createEvent(db)]
    await db.event.update({ where: { id: a.id }, data: { summaryZh: word, topics: ['pharmacy', 'infection-control'] } })
    await db.event.update({ where: { id: b.id }, data: { summaryZh: word, topics: ['surgery'] } })
    const filtered = await load(`?q=${word}&topic=infection-control`)
    expect(filtered).toMatchObject({ status: 200, query: { q: word, topic: 'infection-control' }, filtered: true, fields: {} })
    expect((filtered.events as { id: string; topics: string[] }[]).map((e) => [e.id, e.topics])).toEqual([[a.id, ['pharmacy', 'infection-control']]])
    const any = await load(`?q=${word}&topic=&attend=&when=`)
    expect((any.events as { id: string }[]).map((e) => e.id).sort()).toEqual([a.id, b.id].sort())
    expect(any.query).toEqual({ q: word })
  })

  test.each(['dermatology', 'Surgery', 'surgery,nursing'])('an unknown topic %j is a 400 naming the field, as other bad filters are', async (topic) => {
    const reply = await load(`?topic=${encodeURIComponent(topic)}`)
    expect(reply).toMatchObject({ status: 400, events: [], fields: { topic: 'validation.choice' } })
    readsInBothLanguages('validation.choice')
    readsInBothLanguages('events.badQuery')
  })
})
