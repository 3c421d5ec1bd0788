import { randomInt } from 'node:crypto'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEFAULT_DESK_QUERY, type DeskQuery } from '../../app/domain/registration-desk.ts'
import { exportEventRegistrationsCsv } from '../../app/services/registration/export-event-registrations.server.ts'
import { eventInstitutionSuggestions, listEventRegistrations } from '../../app/services/registration/list-event-registrations.server.ts'
import { commitLoginSession } from '../../app/utils/auth.server.ts'
import { localeCookie } from '../../app/utils/session.server.ts'
import { signUpConfirmed } from '../helpers/accounts.ts'
import { testDatabaseUrl, testDb, uniqueEmail } from '../helpers/db.ts'
import { createEvent, createTicketType } from '../helpers/fixtures.ts'

// The routes read the process-wide client and the cookie secret, as in production.
process.env.DATABASE_URL = testDatabaseUrl()
process.env.SESSION_SECRET = 'test-secret-test-secret-test-secret-42'

const db = testDb()
type Reply = { data: unknown; init: { status?: number } | null }

let eventId = ''
let bulkEventId = ''
let ticketA = ''
let ticketB = ''
let staff = { id: '', cookie: '' }
let attendeeCookie = ''
const reg: Record<string, string> = {}

async function signedIn(role: 'ATTENDEE' | 'STAFF') {
  const { userId, session } = await signUpConfirmed(db, { email: uniqueEmail(`desk-${role.toLowerCase()}`), password: 'password-123', realName: role, locale: 'zh-CN' })
  await db.user.update({ where: { id: userId }, data: { role } })
  return { id: userId, cookie: (await commitLoginSession(session.id, session.expiresAt)).split(';')[0]! }
}

const T0 = Date.UTC(2027, 0, 1)
// Phones are unique across accounts: eight random digits keep this file's apart from any other's.
const P = String(randomInt(10_000_000, 100_000_000))
const PHONE = { wang: `138${P}`, bob: `+44791${P}`, stranger: `139${P}` }
type Seed = {
  key: string
  name: string
  institution: string | null
  email?: string
  phone?: string
  ticket: 'A' | 'B'
  tier: 'MEMBER' | 'NON_MEMBER' | 'STUDENT'
  status: 'CONFIRMED' | 'PENDING_APPROVAL' | 'CANCELLED' | 'WAITLISTED'
}
const SEEDS: Seed[] = [
  { key: 'wang', name: '王伟', institution: '北京协和医院', phone: PHONE.wang, ticket: 'A', tier: 'NON_MEMBER', status: 'CONFIRMED' },
  { key: 'li', name: 'Li Ming', institution: 'Peking Union Medical College Hospital', ticket: 'A', tier: 'MEMBER', status: 'CONFIRMED' },
  { key: 'zhang', name: '张敏', institution: '上海瑞金医院', ticket: 'B', tier: 'STUDENT', status: 'PENDING_APPROVAL' },
  { key: 'alice', name: 'Alice Smith', institution: 'Ruijin Hospital', ticket: 'A', tier: 'NON_MEMBER', status: 'CANCELLED' },
  { key: 'bob', name: 'Bob Jones', institution: null, email: `bob.jones.${process.pid}.${Date.now()}@desk.example.org`, phone: PHONE.bob, ticket: 'A', tier: 'NON_MEMBER', status: 'WAITLISTED' },
  { key: 'zhao', name: '赵磊', institution: '协和', ticket: 'B', tier: 'MEMBER', status: 'CONFIRMED' },
]

beforeAll(async () => {
  staff = await signedIn('STAFF')
  attendeeCookie = (await signedIn('ATTENDEE')).cookie
  const event = await createEvent(db)
  eventId = event.id
  ticketA = (await createTicketType(db, eventId, { nameZh: '普通票', nameEn: 'Standard', seatsTaken: 2, quota: 2 })).id
  ticketB = (await createTicketType(db, eventId, { nameZh: '审核票', nameEn: 'Approval', requiresApproval: true, seatsTaken: 2 })).id
  for (const [i, s] of SEEDS.entries()) {
    const user = await db.user.create({
      data: { email: s.email ?? uniqueEmail(`desk-${s.key}`), phone: s.phone ?? null, passwordHash: 'x', realName: s.name, institution: s.institution, title: '主任医师' },
    })
    const created = await db.registration.create({
      data: {
        eventId,
        userId: user.id,
        ticketTypeId: s.ticket === 'A' ? ticketA : ticketB,
        tier: s.tier,
        status: s.status,
        createdAt: new Date(T0 + i * 60_000),
        confirmedAt: s.status === 'CONFIRMED' ? new Date(T0 + i * 60_000) : null,
      },
    })
    reg[s.key] = created.id
  }
  // Check-ins: Wang and Li. Certificates: Wang valid; Li's revoked, so it does not count.
  const venueId = event.venues[0]!.id
  for (const key of ['wang', 'li', 'wang']) await db.checkIn.create({ data: { registrationId: reg[key]!, venueId, kind: 'ENTRY', nonce: `desk-${key}-${Math.random()}`, scannedAt: new Date(T0) } })
  const rule = await db.creditRule.create({ data: { eventId, nameZh: '学分', nameEn: 'Credit', scheme: 'CUSTOM', mode: 'FIXED', credits: 1, sources: ['LIVE'] } })
  for (const [key, status] of [
    ['wang', 'VALID'],
    ['li', 'REVOKED'],
  ] as const) {
    const r = await db.registration.findUniqueOrThrow({ where: { id: reg[key]! } })
    await db.certificate.create({
      data: { ruleId: rule.id, eventId, userId: r.userId, registrationId: r.id, code: `desk-${key}-${Math.random()}`, credits: 1, holderName: key, criteria: {}, issuedAt: new Date(T0), status },
    })
  }
  // Someone in another event matches every search, and must never show up.
  const other = await createEvent(db)
  const otherTicket = await createTicketType(db, other.id)
  const stranger = await db.user.create({ data: { email: uniqueEmail('desk-stranger'), phone: PHONE.stranger, passwordHash: 'x', realName: '王伟 Li Ming', institution: '协和 Ruijin' } })
  await db.registration.create({ data: { eventId: other.id, userId: stranger.id, ticketTypeId: otherTicket.id, status: 'CONFIRMED' } })
  // And someone there of exactly Zhao's institution, for the institution filter and its suggestions.
  const colleague = await db.user.create({ data: { email: uniqueEmail('desk-colleague'), passwordHash: 'x', realName: '钱华', institution: '协和' } })
  await db.registration.create({ data: { eventId: other.id, userId: colleague.id, ticketTypeId: otherTicket.id, status: 'CONFIRMED' } })
  // 120 registrations for paging, named so that name order and creation order differ.
  const bulk = await createEvent(db)
  bulkEventId = bulk.id
  const bulkTicket = await createTicketType(db, bulkEventId)
  const users = Array.from({ length: 120 }, (_, i) => ({
    id: `deskbulk${process.pid}x${i}`,
    email: uniqueEmail(`desk-bulk-${i}`),
    passwordHash: 'x',
    realName: `Bulk ${String((i * 37) % 120).padStart(3, '0')}`,
    // Two spellings of one hospital (80 people), another hospital (20), nobody's (20).
    institution: i % 6 < 2 ? 'Huashan Hospital' : i % 6 < 4 ? 'HUASHAN HOSPITAL' : i % 6 === 4 ? 'Ruijin Hospital' : null,
  }))
  await db.user.createMany({ data: users })
  await db.registration.createMany({
    data: users.map((u, i) => ({ eventId: bulkEventId, userId: u.id, ticketTypeId: bulkTicket.id, status: 'CONFIRMED' as const, createdAt: new Date(T0 + i * 1000) })),
  })
})

afterAll(async () => {
  const { disconnectDb } = await import('../../app/utils/db.server.ts')
  await disconnectDb()
  await db.$disconnect()
})

const list = (query: Partial<DeskQuery>, id = eventId) => listEventRegistrations(db, id, { ...DEFAULT_DESK_QUERY, ...query })
const keysOf = (rows: { id: string }[]) => rows.map((r) => Object.entries(reg).find(([, id]) => id === r.id)?.[0] ?? r.id)
const sorted = (keys: string[]) => [...keys].sort()

const route = () => import('../../app/routes/staff.events.$eventId_.registrations.tsx')
const request = (path: string, cookie: string, init: RequestInit = {}) => new Request(`http://localhost${path}`, { ...init, headers: { cookie, ...(init.headers as Record<string, string>) } })

describe('the list', () => {
  test('shows each registration with its ticket, payment, check-in and certificate state', async () => {
    const { rows, total } = await list({})
    expect(total).toBe(6)
    const wang = rows.find((r) => r.id === reg.wang)!
    expect(wang).toMatchObject({
      realName: '王伟',
      institution: '北京协和医院',
      title: '主任医师',
      ticketEn: 'Standard',
      tier: 'NON_MEMBER',
      status: 'CONFIRMED',
      payment: 'free',
      checkedIn: true,
      certificate: true,
    })
    expect(rows.find((r) => r.id === reg.li)).toMatchObject({ checkedIn: true, certificate: false })
  })

  test.each([
    ['协和', ['wang', 'zhao']],
    ['li ming', ['li']],
    ['RUIJIN', ['alice']],
    ['bob.jones', ['bob']],
    ['瑞金', ['zhang']],
    ['50%_off', []],
  ])('search %j matches name, email or institution, case-insensitively, in this event only', async (q, keys) => {
    expect(sorted(keysOf((await list({ q })).rows))).toEqual(sorted(keys))
  })

  test('shows the phone with the email: as stored, or null', async () => {
    const { rows } = await list({})
    const byId = new Map(rows.map((r) => [r.id, r]))
    expect(byId.get(reg.wang!)).toMatchObject({ email: expect.stringContaining('desk-wang'), phone: PHONE.wang })
    expect(byId.get(reg.bob!)!.phone).toBe(PHONE.bob)
    expect(byId.get(reg.zhao!)!.phone).toBeNull()
  })

  test.each([
    [`138 ${P.slice(0, 4)} ${P.slice(4)}`, ['wang']],
    [`+86 138-${P.slice(0, 4)}-${P.slice(4)}`, ['wang']],
    [`0086${PHONE.wang}`, ['wang']],
    [`138${P.slice(0, 4)}`, ['wang']],
    [P, ['wang', 'bob']],
    [`+44 791 ${P.slice(0, 3)}`, ['bob']],
    [`139${P}`, []],
  ])('search %j finds the phone, however it is written, in this event only', async (q, keys) => {
    expect(sorted(keysOf((await list({ q })).rows))).toEqual(sorted(keys))
  })

  test.each<[Partial<DeskQuery>, string[]]>([
    [{ institution: '北京协和医院' }, ['wang']],
    [{ institution: 'peking union medical college HOSPITAL' }, ['li']],
    // The whole institution: not 北京协和医院, and not the colleague registered for another event.
    [{ institution: '协和' }, ['zhao']],
    [{ institution: '北京协和' }, []],
    // LIKE's wildcards in the value are the characters themselves.
    [{ institution: '协_' }, []],
    [{ institution: '%' }, []],
    [{ institution: 'Ruijin Hospital', status: 'CONFIRMED' }, []],
    [{ institution: 'Ruijin Hospital', q: 'alice' }, ['alice']],
    [{ institution: '协和', q: '王' }, []],
    [{ institution: '北京协和医院', q: `138${P.slice(0, 4)}`, checkedIn: true, certificate: true }, ['wang']],
  ])('institution filter %j', async (query, keys) => {
    expect(sorted(keysOf((await list(query)).rows))).toEqual(sorted(keys))
  })

  test('the institution filter composes with the ticket, paging and sorting', async () => {
    expect(keysOf((await list({ institution: '上海瑞金医院', ticket: ticketB })).rows)).toEqual(['zhang'])
    expect((await list({ institution: '上海瑞金医院', ticket: ticketA })).total).toBe(0)
    const names: string[] = []
    for (const page of [1, 2]) {
      const { rows, total, paging } = await list({ institution: 'huashan hospital', sort: 'name', dir: 'desc', page }, bulkEventId)
      expect(total).toBe(80)
      expect(paging).toMatchObject({ page, pages: 2 })
      expect(rows).toHaveLength(page === 1 ? 50 : 30)
      for (const r of rows) expect(r.institution!.toLowerCase()).toBe('huashan hospital')
      names.push(...rows.map((r) => r.realName))
    }
    expect(new Set(names).size).toBe(80)
    expect(names).toEqual([...names].sort().reverse())
  })

  test('suggests the event’s institutions with their counts, most first, whatever the query', async () => {
    const bulk = (await list({ status: 'CANCELLED' }, bulkEventId)).institutions
    expect(bulk).toEqual([
      { name: expect.stringMatching(/^huashan hospital$/i), registrations: 80 },
      { name: 'Ruijin Hospital', registrations: 20 },
    ])
    const own = (await list({ q: 'nobody at all' })).institutions
    expect(own.map((i) => i.name).sort()).toEqual(sorted(['北京协和医院', 'Peking Union Medical College Hospital', '上海瑞金医院', 'Ruijin Hospital', '协和']))
    expect(own.every((i) => i.registrations === 1)).toBe(true)
  })

  test('each process keeps an event’s suggestions a minute, then answers with them while it reads them again', async () => {
    const event = await createEvent(db)
    const ticket = await createTicketType(db, event.id)
    const register = async (institution: string) => {
      const user = await db.user.create({ data: { email: uniqueEmail('desk-suggest'), passwordHash: 'x', realName: '孙明', institution } })
      await db.registration.create({ data: { eventId: event.id, userId: user.id, ticketTypeId: ticket.id, status: 'CONFIRMED' } })
    }
    await register('Alpha Hospital')
    const t0 = Date.now()
    expect(await eventInstitutionSuggestions(db, event.id, t0)).toEqual([{ name: 'Alpha Hospital', registrations: 1 }])
    await register('Beta Hospital')
    expect(await eventInstitutionSuggestions(db, event.id, t0 + 30_000)).toHaveLength(1)
    expect(await eventInstitutionSuggestions(db, event.id, t0 + 61_000)).toHaveLength(1)
    expect((await eventInstitutionSuggestions(db, event.id, t0 + 62_000)).map((i) => i.name)).toEqual(['Alpha Hospital', 'Beta Hospital'])
    // The filter itself reads the database at once.
    expect((await list({ institution: 'beta hospital' }, event.id)).total).toBe(1)
  })

  test.each<[Partial<DeskQuery>, string[]]>([
    [{ status: 'CONFIRMED' }, ['wang', 'li', 'zhao']],
    [{ status: 'PENDING_APPROVAL' }, ['zhang']],
    [{ tier: 'MEMBER' }, ['li', 'zhao']],
    [{ checkedIn: true }, ['wang', 'li']],
    [{ checkedIn: false }, ['zhang', 'alice', 'bob', 'zhao']],
    [{ certificate: true }, ['wang']],
    [{ certificate: false }, ['li', 'zhang', 'alice', 'bob', 'zhao']],
    [{ status: 'CONFIRMED', checkedIn: false, q: '协和' }, ['zhao']],
  ])('filter %j', async (query, keys) => {
    expect(sorted(keysOf((await list(query)).rows))).toEqual(sorted(keys))
  })

  test('filter by ticket', async () => {
    expect(sorted(keysOf((await list({ ticket: ticketB })).rows))).toEqual(['zhang', 'zhao'])
  })

  test('sorts by creation (newest first by default), by status in workflow order, and by name', async () => {
    expect(keysOf((await list({})).rows)).toEqual(['zhao', 'bob', 'alice', 'zhang', 'li', 'wang'])
    expect(keysOf((await list({ sort: 'created', dir: 'asc' })).rows)).toEqual(['wang', 'li', 'zhang', 'alice', 'bob', 'zhao'])
    expect(keysOf((await list({ sort: 'status', dir: 'asc' })).rows)).toEqual(['zhang', 'wang', 'li', 'zhao', 'bob', 'alice'])
    const names = (await list({ sort: 'name', dir: 'asc' }, bulkEventId)).rows.map((r) => r.realName)
    expect(names.slice(0, 3)).toEqual(['Bulk 000', 'Bulk 001', 'Bulk 002'])
    expect((await list({ sort: 'name', dir: 'desc' }, bulkEventId)).rows[0]!.realName).toBe('Bulk 119')
  })

  test('pages of 50 cover every row once; a page past the end shows the last', async () => {
    const seen = new Set<string>()
    for (const page of [1, 2, 3]) {
      const { rows, paging, total } = await list({ sort: 'name', dir: 'asc', page }, bulkEventId)
      expect(total).toBe(120)
      expect(rows).toHaveLength(page < 3 ? 50 : 20)
      expect(paging).toMatchObject({ page, pages: 3, hasNext: page < 3, hasPrevious: page > 1 })
      for (const r of rows) seen.add(r.id)
    }
    expect(seen.size).toBe(120)
    expect((await list({ page: 9 }, bulkEventId)).paging.page).toBe(3)
  })
})

describe('the page', () => {
  test('reads its query from the URL', async () => {
    const { loader } = await route()
    const page = (await loader({ request: request(`/staff/events/${eventId}/registrations?status=CONFIRMED&sort=name&dir=asc`, staff.cookie), params: { eventId }, context: {} })) as unknown as {
      total: number
      query: DeskQuery
    }
    expect(page.total).toBe(3)
    expect(page.query).toMatchObject({ status: 'CONFIRMED', sort: 'name', dir: 'asc' })
  })

  test('reads the institution from the URL, trimmed, and offers the event’s institutions', async () => {
    const { loader } = await route()
    const qs = `institution=${encodeURIComponent('  peking union medical college hospital ')}&status=CONFIRMED`
    const page = (await loader({ request: request(`/staff/events/${eventId}/registrations?${qs}`, staff.cookie), params: { eventId }, context: {} })) as unknown as {
      total: number
      rows: { id: string; phone: string | null }[]
      query: DeskQuery
      institutions: { name: string }[]
    }
    expect(page.query.institution).toBe('peking union medical college hospital')
    expect(keysOf(page.rows)).toEqual(['li'])
    expect(page.institutions.map((i) => i.name)).toContain('Peking Union Medical College Hospital')
  })

  test.each(['status=PAID', 'page=-1', 'sort=password', 'checkedIn=maybe', 'ticket=..%2F..', 'status=CONFIRMED&status=CANCELLED', `institution=${'x'.repeat(201)}`])(
    'a bad query (?%s) is a 400 naming the field',
    async (qs) => {
      const { loader } = await route()
      const thrown = (await loader({ request: request(`/staff/events/${eventId}/registrations?${qs}`, staff.cookie), params: { eventId }, context: {} }).catch((e: unknown) => e)) as Reply
      expect(thrown.init?.status).toBe(400)
      expect(thrown.data).toMatchObject({ code: 'bad_request', details: { problems: [expect.objectContaining({ field: qs.split('=')[0] })] } })
    },
  )

  test('an attendee is refused', async () => {
    const { loader } = await route()
    const thrown = await loader({ request: request(`/staff/events/${eventId}/registrations`, attendeeCookie), params: { eventId }, context: {} }).catch((e: unknown) => e)
    expect((thrown as Reply).init?.status ?? (thrown as Response).status).toBe(403)
  })
})

describe('row actions', () => {
  const act = async (form: Record<string, string>) => {
    const { action } = await route()
    const reply = (await action({
      request: request(`/staff/events/${eventId}/registrations`, staff.cookie, { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      params: { eventId },
      context: {},
    })) as { ok: boolean; changed?: boolean; code?: string } | Reply
    return 'init' in reply && reply.init ? { status: reply.init.status, ...(reply.data as object) } : { status: 200, ...(reply as object) }
  }
  const audits = (type: string, registrationId: string) => db.auditLog.count({ where: { type, userId: staff.id, data: { path: ['registrationId'], equals: registrationId } } })

  test('confirm approves a registration awaiting approval, once', async () => {
    expect(await act({ intent: 'confirm', registrationId: reg.zhang! })).toMatchObject({ status: 200, ok: true, changed: true })
    expect((await db.registration.findUniqueOrThrow({ where: { id: reg.zhang! } })).status).toBe('CONFIRMED')
    expect(await audits('registration.approved', reg.zhang!)).toBe(1)
    expect(await act({ intent: 'confirm', registrationId: reg.zhang! })).toMatchObject({ ok: true, changed: false })
    expect(await audits('registration.approved', reg.zhang!)).toBe(1)
  })

  test('cancel frees the seat for the wait-listed registration, once', async () => {
    expect(await act({ intent: 'cancel', registrationId: reg.li! })).toMatchObject({ ok: true, changed: true })
    expect((await db.registration.findUniqueOrThrow({ where: { id: reg.li! } })).status).toBe('CANCELLED')
    expect((await db.registration.findUniqueOrThrow({ where: { id: reg.bob! } })).status).toBe('CONFIRMED')
    expect((await db.ticketType.findUniqueOrThrow({ where: { id: ticketA } })).seatsTaken).toBe(2)
    expect(await audits('registration.cancelled', reg.li!)).toBe(1)
    expect(await act({ intent: 'cancel', registrationId: reg.li! })).toMatchObject({ ok: true, changed: false })
    expect(await audits('registration.cancelled', reg.li!)).toBe(1)
  })

  test('resend queues one more confirmation per nonce', async () => {
    const mails = () => db.emailMessage.count({ where: { kind: 'registration_confirmed', userId: { not: null }, dedupeKey: { startsWith: `registration_confirmed:${reg.wang}:` } } })
    expect(await mails()).toBe(0)
    expect(await act({ intent: 'resend', registrationId: reg.wang!, nonce: 'first-nonce-1' })).toMatchObject({ ok: true, changed: true })
    expect(await act({ intent: 'resend', registrationId: reg.wang!, nonce: 'first-nonce-1' })).toMatchObject({ ok: true, changed: false })
    expect(await mails()).toBe(1)
    expect(await act({ intent: 'resend', registrationId: reg.wang!, nonce: 'second-nonce-2' })).toMatchObject({ ok: true, changed: true })
    expect(await mails()).toBe(2)
    expect(await audits('registration.confirmation_resent', reg.wang!)).toBe(2)
  })

  test('a resend of an unconfirmed registration, an unknown registration or a bad form is a 4xx', async () => {
    expect(await act({ intent: 'resend', registrationId: reg.alice!, nonce: 'third-nonce-3' })).toMatchObject({ status: 422, ok: false, code: 'ticket_not_confirmed' })
    expect(await act({ intent: 'cancel', registrationId: 'doesnotexist1' })).toMatchObject({ status: 404, ok: false, code: 'not_found' })
    expect(await act({ intent: 'delete', registrationId: reg.wang! })).toMatchObject({ status: 400, ok: false })
    expect(await act({ intent: 'refund', registrationId: reg.wang! })).toMatchObject({ status: 409, ok: false, code: 'not_refundable' })
  })
})

describe('exports', () => {
  const QS = 'status=CONFIRMED&sort=name&dir=asc'
  const get = async (file: 'csv' | 'xlsx', qs: string, id: string, lang?: 'en') => {
    const mod = file === 'csv' ? await import('../../app/routes/staff.events.$eventId_.registrations[.]csv.ts') : await import('../../app/routes/staff.events.$eventId_.registrations[.]xlsx.ts')
    const cookie = lang ? `${staff.cookie}; ${(await localeCookie.serialize(lang)).split(';')[0]}` : staff.cookie
    return (await mod.loader({ request: request(`/staff/events/${id}/registrations.${file}?${qs}`, cookie), params: { eventId: id }, context: {} })) as Response
  }
  const csvRows = (text: string) =>
    text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
      .map((line) => line.split(','))
  const xlsxRows = async (res: Response) => {
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await res.arrayBuffer())
    const rows: string[][] = []
    // An empty cell is a hole in exceljs's row values: Array.from reads it as ''.
    book.worksheets[0]!.eachRow((row) => rows.push(Array.from((row.values as unknown[]).slice(1), (v) => String(v ?? ''))))
    return rows
  }

  test('CSV: the filtered list in its order, with headers in the staff member’s language', async () => {
    const expected = (await list({ status: 'CONFIRMED', sort: 'name', dir: 'asc' })).rows.map((r) => r.id)
    const res = await get('csv', QS, eventId, 'en')
    expect(res.headers.get('content-type')).toContain('text/csv')
    const [header, ...rows] = csvRows(await res.text())
    expect(header!.slice(0, 3)).toEqual(['Name', 'Institution', 'Title'])
    expect(rows.map((r) => r.at(-1))).toEqual(expected)
    expect(rows.find((r) => r.at(-1) === reg.wang)!.slice(7, 11)).toEqual(['Confirmed', 'Free', 'Yes', 'Yes'])
  })

  test('XLSX: the same rows, Chinese headers by default', async () => {
    const expected = (await list({ status: 'CONFIRMED', sort: 'name', dir: 'asc' })).rows.map((r) => r.id)
    const [header, ...rows] = await xlsxRows(await get('xlsx', QS, eventId))
    expect(header!.slice(0, 2)).toEqual(['姓名', '单位'])
    expect(rows.map((r) => r.at(-1))).toEqual(expected)
    expect(rows.find((r) => r.at(-1) === reg.wang)!.slice(7, 9)).toEqual(['已确认', '免费'])
  })

  test.each<['csv' | 'xlsx', 'en' | undefined, string[]]>([
    ['csv', 'en', ['Email', 'Phone']],
    ['csv', undefined, ['邮箱', '手机']],
    ['xlsx', 'en', ['Email', 'Phone']],
    ['xlsx', undefined, ['邮箱', '手机']],
  ])('%s (%s): the phone follows the email, mainland mobiles in groups of 3-4-4', async (file, lang, headers) => {
    const res = await get(file, 'sort=created&dir=asc', eventId, lang)
    const [header, ...rows] = file === 'csv' ? csvRows(await res.text()) : await xlsxRows(res)
    expect(header!.slice(3, 5)).toEqual(headers)
    const phoneOf = (key: string) => rows.find((r) => r.at(-1) === reg[key])![4]
    expect(phoneOf('wang')).toBe(`138 ${P.slice(0, 4)} ${P.slice(4)}`)
    // A CSV cell that starts with + is defused with an apostrophe (csv-export.ts); the XLSX cell is text as it is.
    expect(phoneOf('bob')).toBe(file === 'csv' ? `'${PHONE.bob}` : PHONE.bob)
    expect(phoneOf('zhao')).toBe('')
  })

  test('the institution filter narrows both exports and the registrant message’s recipients', async () => {
    const csv = csvRows(await (await get('csv', `institution=${encodeURIComponent('协和')}`, eventId, 'en')).text()).slice(1)
    expect(csv.map((r) => r.at(-1))).toEqual([reg.zhao])
    const listed: string[] = []
    for (const page of [1, 2]) listed.push(...(await list({ institution: 'HUASHAN hospital', sort: 'name', dir: 'asc', page }, bulkEventId)).rows.map((r) => r.id))
    const xlsx = (await xlsxRows(await get('xlsx', 'institution=HUASHAN%20hospital&sort=name&dir=asc&page=2', bulkEventId))).slice(1)
    expect(xlsx.map((r) => r.at(-1))).toEqual(listed)
    expect(listed).toHaveLength(80)
    const { loader } = await import('../../app/routes/staff.events.$eventId_.messages.tsx')
    const messages = (await loader({
      request: request(`/staff/events/${bulkEventId}/messages?institution=HUASHAN%20hospital&status=CONFIRMED`, staff.cookie),
      params: { eventId: bulkEventId },
      context: {},
    })) as unknown as { recipients: number; filter: string }
    expect(messages.recipients).toBe(80)
    expect(Object.fromEntries(new URLSearchParams(messages.filter))).toEqual({ institution: 'HUASHAN hospital', status: 'CONFIRMED' })
  })

  test('both ignore the page and carry every filtered row', async () => {
    const all: string[] = []
    for (const page of [1, 2, 3]) all.push(...(await list({ sort: 'name', dir: 'asc', page }, bulkEventId)).rows.map((r) => r.id))
    const csv = csvRows(await (await get('csv', 'sort=name&dir=asc&page=2', bulkEventId)).text()).slice(1)
    expect(csv.map((r) => r.at(-1))).toEqual(all)
    const xlsx = (await xlsxRows(await get('xlsx', 'sort=name&dir=asc&page=2', bulkEventId))).slice(1)
    expect(xlsx.map((r) => r.at(-1))).toEqual(all)
  })

  test.each<[Partial<DeskQuery>]>([[{ sort: 'name', dir: 'asc' }], [{ sort: 'name', dir: 'desc' }], [{ sort: 'created', dir: 'desc' }], [{ sort: 'status', dir: 'asc' }]])(
    'batches of 7 walk the same order as the pages (%j)',
    async (query) => {
      const all: string[] = []
      for (const page of [1, 2, 3]) all.push(...(await list({ ...query, page }, bulkEventId)).rows.map((r) => r.id))
      const file = await exportEventRegistrationsCsv(db, bulkEventId, { ...DEFAULT_DESK_QUERY, ...query }, 'en', 7)
      expect(
        csvRows(await new Response(file.body).text())
          .slice(1)
          .map((r) => r.at(-1)),
      ).toEqual(all)
    },
  )

  test('a bad export query is a 400', async () => {
    const thrown = (await get('xlsx', 'tier=VIP', eventId).catch((e: unknown) => e)) as Reply
    expect(thrown.init?.status).toBe(400)
  })
})
