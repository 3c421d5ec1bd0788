import { hash } from '@node-rs/argon2'
import type { Db } from '../app/utils/db.server.ts'
import { congressEvent } from './demo-congress.ts'
import { seedDemoCredits } from './demo-credits.ts'
import { seedDemoExam } from './demo-exam.ts'
import { seedDemoLive } from './demo-live.ts'
import { demoEvents as storyEvents, demoSpeakers } from './demo-data.ts'

const demoEvents = [...storyEvents, congressEvent]

/**
 * Demo data told from the seed documents (prisma/demo-data.ts): three events with
 * their real forum structure, and one demo account per role.
 */
export const DEMO_PASSWORD = 'demo-password'

export const demoAccounts = [
  { role: 'ATTENDEE', email: 'attendee@demo.cme-forum.org', realName: '陈静', institution: '上海市第六人民医院', title: '主治医师' },
  { role: 'SPEAKER', email: 'speaker@demo.cme-forum.org', realName: '林晓峰', institution: '复旦大学附属中山医院', title: '主任医师' },
  { role: 'MODERATOR', email: 'moderator@demo.cme-forum.org', realName: '周敏', institution: '上海市医院协会', title: '副秘书长' },
  { role: 'STAFF', email: 'staff@demo.cme-forum.org', realName: '吴婷', institution: '上海市医院协会', title: '继续教育办公室' },
  { role: 'ADMIN', email: 'admin@demo.cme-forum.org', realName: '系统管理员', institution: '上海市医院协会', title: null },
] as const

const WEEK = 7 * 86_400_000

/**
 * The paid instructor training is the demo's upcoming event. When the seed runs less than
 * three weeks before it (or after it), its dates move on by whole weeks, weekdays kept, so a
 * fresh demo always has registration, the early-bird price and refunds open.
 */
export function upcomingShiftMs(startsAt: string, now: Date): number {
  const lead = Date.parse(startsAt) - now.getTime()
  return lead >= 3 * WEEK ? 0 : Math.ceil((3 * WEEK - lead) / WEEK) * WEEK
}

/** A copy with every `startsAt` / `endsAt` moved by `ms`. */
function shiftDates<T>(value: T, ms: number): T {
  if (ms === 0 || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((v) => shiftDates(v, ms)) as T
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, (k === 'startsAt' || k === 'endsAt') && typeof v === 'string' ? new Date(Date.parse(v) + ms).toISOString() : shiftDates(v, ms)]),
  ) as T
}

export async function seedDemo(db: Db, now: Date = new Date()) {
  const passwordHash = await hash(DEMO_PASSWORD)
  await db.$transaction(
    async (tx) => {
      const users = new Map<string, string>()
      for (const a of demoAccounts) {
        const u = await tx.user.upsert({
          where: { email: a.email },
          update: {},
          create: { email: a.email, passwordHash, role: a.role, realName: a.realName, institution: a.institution, title: a.title },
          select: { id: true },
        })
        users.set(a.role, u.id)
      }

      const speakerIds = new Map<string, string>()
      for (const [i, s] of demoSpeakers.entries()) {
        const row = await tx.speaker.create({
          data: {
            nameZh: s.nameZh,
            nameEn: s.nameEn,
            affiliationZh: s.affiliationZh,
            affiliationEn: s.affiliationEn,
            // The first demo speaker is the demo SPEAKER account, so it can be invited on stage.
            userId: i === 0 ? users.get('SPEAKER') : undefined,
          },
          select: { id: true },
        })
        speakerIds.set(s.key, row.id)
      }
      const speakerId = (key: string) => {
        const id = speakerIds.get(key)
        if (!id) throw new Error(`demo data: unknown speaker ${key}`)
        return id
      }

      for (const story of demoEvents) {
        const paid = story.slug.includes('training')
        const shiftMs = paid ? upcomingShiftMs(story.startsAt, now) : 0
        const e = shiftDates(story, shiftMs)
        const event = await tx.event.create({
          data: {
            slug: e.slug,
            titleZh: e.titleZh,
            titleEn: e.titleEn,
            summaryZh: e.summaryZh,
            summaryEn: e.summaryEn,
            timeZone: e.timeZone,
            startsAt: new Date(e.startsAt),
            endsAt: new Date(e.endsAt),
            status: 'PUBLISHED',
            topics: e.topics,
          },
          select: { id: true },
        })
        const forumIds = new Map<string, string>()
        for (const [position, f] of e.forums.entries()) {
          const forum = await tx.forum.create({
            data: {
              eventId: event.id,
              slug: f.slug,
              kind: f.kind,
              titleZh: f.titleZh,
              titleEn: f.titleEn,
              descriptionZh: f.descriptionZh,
              descriptionEn: f.descriptionEn,
              roomZh: f.roomZh ?? '',
              roomEn: f.roomEn ?? '',
              startsAt: new Date(f.startsAt),
              endsAt: new Date(f.endsAt),
              position,
              hosts: { create: f.chairs.map((c, i) => ({ speakerId: speakerId(c.speakerKey), role: c.role, position: i })) },
              moderators: { create: [{ userId: users.get('MODERATOR')! }] },
            },
            select: { id: true },
          })
          forumIds.set(f.slug, forum.id)
          for (const [i, s] of f.sessions.entries()) {
            await tx.session.create({
              data: {
                forumId: forum.id,
                kind: s.kind,
                titleZh: s.titleZh,
                titleEn: s.titleEn,
                startsAt: new Date(s.startsAt),
                endsAt: new Date(s.endsAt),
                position: i,
                speakers: { create: [...new Set(s.speakerKeys)].map((k, j) => ({ speakerId: speakerId(k), position: j })) },
              },
            })
          }
        }
        for (const [i, o] of e.organisations.entries()) {
          const org = await tx.organisation.upsert({
            where: { nameZh: o.nameZh },
            update: {},
            create: { nameZh: o.nameZh, nameEn: o.nameEn },
            select: { id: true },
          })
          await tx.eventOrganisation.create({
            data: { eventId: event.id, organisationId: org.id, role: o.role, position: i, forumId: o.forumSlug ? forumIds.get(o.forumSlug) : null },
          })
        }
        // Ticket types: the training is paid (members, non-members, students, early bird),
        // the forums are free with a quota; every event asks for the institution.
        await tx.event.update({
          where: { id: event.id },
          data: {
            paymentMethods: ['card', 'alipay', 'wechat_pay'],
            registrationQuestions: [
              { key: 'institution', labelZh: '工作单位', labelEn: 'Institution', type: 'text', required: true, maxLength: 200 },
              {
                key: 'title',
                labelZh: '职称',
                labelEn: 'Professional title',
                type: 'select',
                required: false,
                maxLength: 200,
                options: [
                  { value: 'resident', labelZh: '住院医师', labelEn: 'Resident' },
                  { value: 'attending', labelZh: '主治医师', labelEn: 'Attending physician' },
                  { value: 'associate_chief', labelZh: '副主任医师', labelEn: 'Associate chief physician' },
                  { value: 'chief', labelZh: '主任医师', labelEn: 'Chief physician' },
                  { value: 'manager', labelZh: '医院管理者', labelEn: 'Hospital manager' },
                ],
              },
              { key: 'licence', labelZh: '执业证书编号', labelEn: 'Licence number', type: 'licence', required: false, maxLength: 30 },
            ],
          },
        })
        await tx.ticketType.create({
          data: paid
            ? {
                eventId: event.id,
                nameZh: '师资培训报名',
                nameEn: 'Instructor training',
                priceMember: 60000,
                priceNonMember: 80000,
                priceStudent: 30000,
                earlyBirdUntil: new Date(Date.parse('2026-12-01T00:00:00+08:00') + shiftMs),
                earlyBirdPriceMember: 50000,
                earlyBirdPriceNonMember: 70000,
                quota: 700,
                refundUntil: new Date(Date.parse('2026-12-10T00:00:00+08:00') + shiftMs),
                refundPercent: 90,
              }
            : { eventId: event.id, nameZh: '线上参会（免费）', nameEn: 'Online attendance (free)', quota: 20000 },
        })
        if (paid) {
          await tx.ticketType.create({ data: { eventId: event.id, nameZh: '旁听（免费，不授学分）', nameEn: 'Audit (free, no credit)', quota: 300, position: 1 } })
        }
        for (const v of e.venues) {
          await tx.venue.create({
            data: {
              eventId: event.id,
              kind: v.kind,
              nameZh: v.nameZh,
              nameEn: v.nameEn,
              city: v.city,
              address: v.address,
              capacity: v.capacity ?? null,
              coordinatorId: users.get('STAFF'),
            },
          })
        }
      }
    },
    { timeout: 60_000, maxWait: 10_000 },
  )
  // The question bank, exams and evaluation survey of the instructor training (issue 6).
  await seedDemoExam(db, now)
  // An archived training whose demo attendee has earned a certificate (issue 7).
  await seedDemoCredits(db)
  // A webinar on air, so the demo has a live event beside the upcoming, ended and archived ones (issue 15).
  await seedDemoLive(db, now)
}

/** No accounts and no events yet: a first start. */
export async function isEmptyDatabase(db: Db): Promise<boolean> {
  const [events, users] = await Promise.all([db.event.count(), db.user.count()])
  return events === 0 && users === 0
}

/** Seeds only an empty database. */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  if (!(await isEmptyDatabase(db))) return false
  await seedDemo(db)
  return true
}

export type DemoStart = {
  /** The demo data was seeded now, into an empty database. */
  seeded: boolean
  /** Demo mode, for this process: DEMO, SEED_DEMO, or the answer in the terminal. */
  demoMode: boolean
  /** The database holds the demo accounts (seeded now or earlier). */
  hasDemoAccounts: boolean
}

/**
 * Start-up (server.ts): demo data only when asked. DEMO=1 (`npm start -- --demo`) or
 * SEED_DEMO=true seed an empty database; with neither set, a first start in a terminal asks
 * (`ask`), and anything else — production, CI, a service manager — starts empty.
 */
export async function seedDemoOnStart(db: Db, options: { demo?: boolean; seedDemo?: boolean; ask?: () => Promise<boolean> }): Promise<DemoStart> {
  const empty = await isEmptyDatabase(db)
  let demoMode = options.demo ?? options.seedDemo
  if (demoMode === undefined) demoMode = empty && options.ask ? await options.ask() : false
  const seed = options.seedDemo ?? demoMode
  const seeded = seed && empty ? (await seedDemo(db), true) : false
  const hasDemoAccounts = (await db.user.count({ where: { email: { in: demoAccounts.map((a) => a.email) } } })) > 0
  return { seeded, demoMode, hasDemoAccounts }
}

/** Asks a yes/no question in the terminal; no answer within `timeoutMs` means no. */
export async function askInTerminal(question: string, timeoutMs = 30_000): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises')
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  const timeout = AbortSignal.timeout(timeoutMs)
  // The terminal is in raw mode while asking: Ctrl-C reaches readline, not the process. Stop as it would.
  rl.once('SIGINT', () => {
    rl.close()
    process.kill(process.pid, 'SIGINT')
  })
  try {
    const answer = await rl.question(question, { signal: timeout })
    return /^\s*y(es)?\s*$/i.test(answer)
  } catch {
    process.stdout.write('\n')
    return false
  } finally {
    rl.close()
  }
}

// `npm run db:seed`: asking for it is asking for the demo, into an empty database only.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { getDb, disconnectDb } = await import('../app/utils/db.server.ts')
  const seeded = await seedDemoIfEmpty(getDb())
  console.log(seeded ? 'Demo data seeded.' : 'Database is not empty; nothing seeded.')
  await disconnectDb()
}
