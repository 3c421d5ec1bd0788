import ExcelJS from 'exceljs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { exportForumAttendanceXlsx } from '../../app/services/attendance/export-forum-attendance.server.ts'
import { getForumAttendance } from '../../app/services/attendance/get-forum-attendance.server.ts'
import { computeRegistrationCredit } from '../../app/services/credits/compute-registration-credit.server.ts'
import { evaluateRegistrationCredits } from '../../app/services/credits/evaluate-registration-credits.server.ts'
import type { Db } from '../../app/utils/db.server.ts'
import { testDb } from '../helpers/db.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'

let db: Db
beforeAll(() => {
  db = testDb()
})
afterAll(() => db.$disconnect())

test('replay minutes earn a REPLAY credit rule’s certificate, and show in the forum’s replay analytics and XLSX', async () => {
  // Credit counts whole minutes: a one-minute talk, on the minute.
  const liveAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 600_000)
  const at = (s: number) => new Date(liveAt.getTime() + s * 1000)
  const event = await createEvent(db, { startsAt: new Date(liveAt.getTime() - 3_600_000) })
  const forum = event.forums[0]!
  await db.session.create({ data: { forumId: forum.id, kind: 'TALK', titleZh: '讲座', titleEn: 'Talk', startsAt: at(0), endsAt: at(60) } })
  await db.forum.update({ where: { id: forum.id }, data: { startsAt: liveAt, endsAt: at(3600), liveStatus: 'ENDED', liveStartedAt: liveAt, liveEndedAt: at(62) } })
  // The live-status log: what credit follows as the forum's actual run.
  await db.forumLiveStatusChange.createMany({
    data: [
      { forumId: forum.id, from: 'OFFLINE', to: 'LIVE', at: liveAt },
      { forumId: forum.id, from: 'LIVE', to: 'ENDED', at: at(62) },
    ],
  })
  const ticket = await createTicketType(db, event.id)
  const [userId, halfId] = await createUsers(db, 2, 'replaycredit')
  const registration = await db.registration.create({ data: { eventId: event.id, ticketTypeId: ticket.id, userId: userId!, status: 'CONFIRMED', confirmedAt: at(-3600) } })
  const half = await db.registration.create({ data: { eventId: event.id, ticketTypeId: ticket.id, userId: halfId!, status: 'CONFIRMED', confirmedAt: at(-3600) } })
  const rule = await db.creditRule.create({
    data: {
      eventId: event.id,
      nameZh: '回放学分',
      nameEn: 'Replay credit',
      scheme: 'CN_CME_CLASS_II',
      mode: 'FIXED',
      credits: 1,
      sources: ['REPLAY'],
      minAttendedRatio: 0.8,
      requireExamPassed: false,
      requireEvaluation: false,
      projectNumber: 'R-1',
      projectLevel: 'MUNICIPAL',
    },
  })
  await db.attendanceEvent.createMany({
    data: [
      { registrationId: registration.id, forumId: forum.id, kind: 'REPLAY_PROGRESS', source: 'REPLAY', receivedAt: new Date(), nonce: 'rp-1', mediaFromSec: 0, mediaToSec: 30 },
      { registrationId: registration.id, forumId: forum.id, kind: 'REPLAY_PROGRESS', source: 'REPLAY', receivedAt: new Date(), nonce: 'rp-2', mediaFromSec: 30, mediaToSec: 60 },
      // Half the talk, watched twice: still half.
      { registrationId: half.id, forumId: forum.id, kind: 'REPLAY_PROGRESS', source: 'REPLAY', receivedAt: new Date(), nonce: 'rp-3', mediaFromSec: 0, mediaToSec: 30 },
      { registrationId: half.id, forumId: forum.id, kind: 'REPLAY_PROGRESS', source: 'REPLAY', receivedAt: new Date(), nonce: 'rp-4', mediaFromSec: 0, mediaToSec: 30 },
    ],
  })
  expect((await computeRegistrationCredit(db, rule.id, registration.id)).result).toMatchObject({ eligible: true, credits: 1, attendedMinutes: 1 })
  expect(await evaluateRegistrationCredits(db, registration.id)).toEqual({ issued: 1 })
  expect(await db.certificate.count({ where: { ruleId: rule.id, registrationId: registration.id, current: true } })).toBe(1)
  expect((await computeRegistrationCredit(db, rule.id, half.id)).result).toMatchObject({ eligible: false })
  expect(await evaluateRegistrationCredits(db, half.id)).toEqual({ issued: 0 })

  // Analytics: two viewers (one view each), 1 + 0.5 minutes, both in the first minute of the forum.
  const { replay } = await getForumAttendance(db, forum.id)
  expect(replay).toMatchObject({ views: 2, viewers: 2, minutesWatched: 1.5 })
  expect(replay.curve[0]).toBe(2)
  expect(replay.curve[1] ?? 0).toBe(0)
  const book = new ExcelJS.Workbook()
  await book.xlsx.load((await exportForumAttendanceXlsx(db, forum.id)).body as never)
  const summary = Object.fromEntries(
    book
      .getWorksheet('summary')!
      .getSheetValues()
      .slice(2)
      .map((row) => [(row as unknown[])[1], (row as unknown[])[2]]),
  )
  expect(summary).toMatchObject({ replay_views: 2, replay_unique_viewers: 2, replay_minutes_watched: 1.5 })
  expect(book.getWorksheet('per_minute')!.getRow(2).getCell(6).value).toBe(2)
})
