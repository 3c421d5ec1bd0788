import type { Db } from '../app/utils/db.server.ts'

/**
 * The live demo (issue 15): a one-forum webinar that is on air when the demo is seeded, so a
 * fresh demo holds an event of every kind: upcoming (the training, the congress), live (this
 * one), ended (the summer forums) and archived (the spring training). Its forum stays live
 * until a moderator ends it from the console. The demo moderator runs it, and the demo
 * attendee is registered. Idempotent: does nothing once the event exists.
 */
export const DEMO_LIVE_EVENT = 'infection-control-webinar-live'

const MINUTE = 60_000

export async function seedDemoLive(db: Db, now: Date = new Date()) {
  if (await db.event.findUnique({ where: { slug: DEMO_LIVE_EVENT }, select: { id: true } })) return
  const [attendee, moderator] = await Promise.all([
    db.user.findUnique({ where: { email: 'attendee@demo.cme-forum.org' }, select: { id: true } }),
    db.user.findUnique({ where: { email: 'moderator@demo.cme-forum.org' }, select: { id: true } }),
  ])
  // Started on the last whole quarter hour; two hours long.
  const startsAt = new Date(Math.floor(now.getTime() / (15 * MINUTE)) * 15 * MINUTE)
  const endsAt = new Date(startsAt.getTime() + 120 * MINUTE)
  const at = (minutes: number) => new Date(startsAt.getTime() + minutes * MINUTE)
  await db.$transaction(
    async (tx) => {
      const event = await tx.event.create({
        data: {
          slug: DEMO_LIVE_EVENT,
          titleZh: '医院感染防控线上讲座（直播中）',
          titleEn: 'Hospital infection control webinar (on air)',
          summaryZh: '一场正在直播的线上讲座：主持人可在控制台结束直播，已报名的参会者可观看并提问。',
          summaryEn: 'A webinar on air now: the moderator can end it from the console, and registered attendees can watch and ask questions.',
          timeZone: 'Asia/Shanghai',
          startsAt,
          endsAt,
          status: 'PUBLISHED',
          topics: ['infection-control', 'nursing'],
          forums: {
            create: {
              slug: 'main',
              kind: 'MAIN',
              titleZh: '主论坛',
              titleEn: 'Main forum',
              startsAt,
              endsAt,
              liveStatus: 'LIVE',
              liveStartedAt: startsAt,
              liveStatusChanges: { create: [{ from: 'OFFLINE', to: 'LIVE', at: startsAt }] },
              moderators: moderator ? { create: [{ userId: moderator.id }] } : undefined,
            },
          },
        },
        include: { forums: true },
      })
      const forumId = event.forums[0]!.id
      await tx.session.createMany({
        data: [
          { forumId, kind: 'TALK', titleZh: '手卫生依从性的监测与反馈', titleEn: 'Monitoring hand-hygiene compliance', startsAt: at(0), endsAt: at(55), position: 0 },
          { forumId, kind: 'BREAK', titleZh: '休息', titleEn: 'Break', startsAt: at(55), endsAt: at(65), position: 1 },
          { forumId, kind: 'TALK', titleZh: '导管相关血流感染的预防', titleEn: 'Preventing catheter-related bloodstream infections', startsAt: at(65), endsAt: at(120), position: 2 },
        ],
      })
      const ticket = await tx.ticketType.create({ data: { eventId: event.id, nameZh: '线上参会（免费）', nameEn: 'Online attendance (free)', quota: 5000 } })
      if (attendee) {
        await tx.registration.create({ data: { eventId: event.id, ticketTypeId: ticket.id, userId: attendee.id, status: 'CONFIRMED', confirmedAt: now } })
      }
    },
    { timeout: 60_000, maxWait: 10_000 },
  )
}
