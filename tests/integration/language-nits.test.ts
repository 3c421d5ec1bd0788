import { afterAll, expect, test } from 'vitest'
import { getMyCredits } from '../../app/services/credits/get-my-credits.server.ts'
import { getCandidateExam } from '../../app/services/exams/get-candidate-exam.server.ts'
import { listEventAssessments } from '../../app/services/exams/list-event-assessments.server.ts'
import { getOpenSurvey } from '../../app/services/surveys/get-open-survey.server.ts'
import { testDb } from '../helpers/db.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'

// Issue 15's walk: "您的报名尚未确认" was shown to someone who never registered, and an
// archived event's exam and survey links answered 404.
const db = testDb()
afterAll(() => db.$disconnect())

test.each<[string, 'CONFIRMED' | 'PENDING_PAYMENT' | 'WAITLISTED' | 'CANCELLED' | 'REJECTED' | null, 'confirmed' | 'pending' | 'none']>([
  ['never registered', null, 'none'],
  ['cancelled', 'CANCELLED', 'none'],
  ['rejected', 'REJECTED', 'none'],
  ['awaiting payment', 'PENDING_PAYMENT', 'pending'],
  ['wait-listed', 'WAITLISTED', 'pending'],
  ['confirmed', 'CONFIRMED', 'confirmed'],
])('the assessments page knows where someone %s stands', async (_name, status, standing) => {
  const event = await createEvent(db)
  const ticket = await createTicketType(db, event.id)
  const [userId] = await createUsers(db, 1, 'standing')
  if (status) await db.registration.create({ data: { eventId: event.id, ticketTypeId: ticket.id, userId: userId!, status } })
  expect(await listEventAssessments(db, { slug: event.slug, userId: userId! })).toMatchObject({ standing, registered: status === 'CONFIRMED' })
})

test("an archived event's exam is there and closed, and its survey says it is closed, instead of a 404", async () => {
  const event = await createEvent(db)
  const ticket = await createTicketType(db, event.id)
  const [userId] = await createUsers(db, 1, 'archived')
  await db.registration.create({ data: { eventId: event.id, ticketTypeId: ticket.id, userId: userId!, status: 'CONFIRMED' } })
  const exam = await db.exam.create({
    data: {
      eventId: event.id,
      titleZh: '结业考核',
      titleEn: 'Final assessment',
      opensAt: new Date('2020-01-01T00:00:00Z'),
      closesAt: new Date('2099-01-01T00:00:00Z'),
      timeLimitMinutes: 20,
      published: true,
    },
  })
  const survey = await db.survey.create({ data: { eventId: event.id, titleZh: '满意度调查', titleEn: 'Evaluation', published: true } })
  // While published, both are open.
  expect(await getCandidateExam(db, { slug: event.slug, examId: exam.id, userId: userId! })).toMatchObject({ window: 'open' })
  expect(await getOpenSurvey(db, { slug: event.slug, surveyId: survey.id, userId: userId! })).toMatchObject({ survey: { id: survey.id } })

  await db.event.update({ where: { id: event.id }, data: { status: 'ARCHIVED' } })
  expect(await getCandidateExam(db, { slug: event.slug, examId: exam.id, userId: userId! })).toMatchObject({ window: 'closed', exam: { id: exam.id } })
  await expect(getOpenSurvey(db, { slug: event.slug, surveyId: survey.id, userId: userId! })).rejects.toMatchObject({ code: 'survey_closed', status: 409 })
  // Someone who answered it still finds the page, which says so.
  const registration = await db.registration.findFirstOrThrow({ where: { eventId: event.id, userId: userId! }, select: { id: true } })
  await db.surveyCompletion.create({ data: { surveyId: survey.id, registrationId: registration.id } })
  expect(await getOpenSurvey(db, { slug: event.slug, surveyId: survey.id, userId: userId! })).toMatchObject({ completed: true })

  // A draft event's exam stays hidden.
  await db.event.update({ where: { id: event.id }, data: { status: 'DRAFT' } })
  await expect(getCandidateExam(db, { slug: event.slug, examId: exam.id, userId: userId! })).rejects.toMatchObject({ code: 'not_found' })
})

test.each<[string, { scheme: 'AMA_PRA_CAT1' | 'CN_CME_CLASS_I'; active: boolean }[], boolean]>([
  ['no credit rule', [], false],
  ['a Chinese Class I rule only', [{ scheme: 'CN_CME_CLASS_I', active: true }], false],
  ['an AMA PRA rule that staff turned off', [{ scheme: 'AMA_PRA_CAT1', active: false }], false],
  ['an active AMA PRA rule', [{ scheme: 'AMA_PRA_CAT1', active: true }], true],
])('the ACCME PARS consent is asked only where an AMA rule applies: %s', async (_name, rules, asked) => {
  const event = await createEvent(db)
  const ticket = await createTicketType(db, event.id)
  const [userId] = await createUsers(db, 1, 'ama')
  await db.registration.create({ data: { eventId: event.id, ticketTypeId: ticket.id, userId: userId!, status: 'CONFIRMED' } })
  for (const r of rules) await db.creditRule.create({ data: { eventId: event.id, nameZh: '学分', nameEn: 'Credit', scheme: r.scheme, mode: 'FIXED', credits: 1, sources: ['LIVE'], active: r.active } })
  expect((await getMyCredits(db, userId!)).amaApplies).toBe(asked)
})
