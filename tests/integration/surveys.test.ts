import ExcelJS from 'exceljs'
import { afterAll, describe, expect, test } from 'vitest'
import { surveyFormSchema, surveyQuestionFormSchema } from '../../app/schemas/survey.ts'
import { addSurveyQuestion, removeSurveyQuestion } from '../../app/services/surveys/edit-survey-questions.server.ts'
import { exportSurveyReport, getSurveyReport } from '../../app/services/surveys/get-survey-report.server.ts'
import { requiredSurveysFor } from '../../app/services/exams/list-event-assessments.server.ts'
import { saveSurvey } from '../../app/services/surveys/save-survey.server.ts'
import { submitSurveyResponse } from '../../app/services/surveys/submit-survey-response.server.ts'
import { testDb } from '../helpers/db.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'

const db = testDb()
afterAll(() => db.$disconnect())
const NOW = new Date('2027-03-01T10:00:00Z')

/** An event with a published survey of four questions (through the builder's own schemas) and `n` confirmed registrants. */
async function setup(n: number, form: Partial<Record<string, string>> = {}) {
  const event = await createEvent(db)
  const ticket = await createTicketType(db, event.id)
  const survey = await saveSurvey(db, { eventId: event.id, form: surveyFormSchema.parse({ titleZh: '满意度调查', titleEn: 'Evaluation', requiredForCertificate: 'on', published: 'on', ...form }) })
  const add = (q: Record<string, string>) => addSurveyQuestion(db, { eventId: event.id, surveyId: survey.id, form: surveyQuestionFormSchema.parse(q) })
  const overall = await add({ type: 'LIKERT', textZh: '总体满意度', textEn: 'Overall', required: 'on' })
  const device = await add({ type: 'SINGLE_CHOICE', textZh: '观看设备', textEn: 'Device', options: '手机 | Phone\n电脑 | Computer', required: 'on' })
  const topics = await add({ type: 'MULTIPLE_CHOICE', textZh: '希望增加', textEn: 'More of', options: '病例\n数据\n工具' })
  const comments = await add({ type: 'FREE_TEXT', textZh: '建议', textEn: 'Comments' })
  const userIds = await createUsers(db, n, 'sv')
  await db.registration.createMany({ data: userIds.map((userId) => ({ eventId: event.id, ticketTypeId: ticket.id, userId, status: 'CONFIRMED' as const })) })
  return { event, survey, userIds, q: { overall, device, topics, comments } }
}

describe('evaluation surveys', () => {
  test('each registrant answers once; the report counts, lists free text and gives the overall satisfaction', async () => {
    const { event, survey, userIds, q } = await setup(4)
    const answers = [
      { [q.overall.id]: '5', [q.device.id]: '0', [q.topics.id]: ['0', '2'], [q.comments.id]: '讲得很好' },
      { [q.overall.id]: '4', [q.device.id]: '0' },
      { [q.overall.id]: '2', [q.device.id]: '1', [q.comments.id]: 'More time for questions' },
    ]
    for (const [i, a] of answers.entries()) await submitSurveyResponse(db, { surveyId: survey.id, userId: userIds[i]!, answers: a, now: NOW })
    await expect(submitSurveyResponse(db, { surveyId: survey.id, userId: userIds[0]!, answers: answers[0]!, now: NOW })).rejects.toMatchObject({ code: 'survey_already_completed' })

    const report = await getSurveyReport(db, { eventId: event.id, surveyId: survey.id })
    expect(report).toMatchObject({ completions: 3, responses: 3, overallSatisfaction: 66.7 })
    expect(report.questions.map((x) => x.summary)).toEqual([
      { id: q.overall.id, type: 'LIKERT', answered: 3, counts: [0, 1, 0, 1, 1], mean: 3.67, satisfied: 66.7 },
      { id: q.device.id, type: 'SINGLE_CHOICE', answered: 3, counts: [2, 1] },
      { id: q.topics.id, type: 'MULTIPLE_CHOICE', answered: 1, counts: [1, 0, 1] },
      { id: q.comments.id, type: 'FREE_TEXT', answered: 2, texts: expect.arrayContaining(['讲得很好', 'More time for questions']) },
    ])
    // Completion is tracked per registration, for the certificate.
    const regs = await db.registration.findMany({ where: { eventId: event.id }, orderBy: { userId: 'asc' }, select: { id: true, userId: true } })
    const done = await Promise.all(regs.map((r) => requiredSurveysFor(db, r.id)))
    expect(done.map((d) => d[0]!.completed)).toEqual(regs.map((r) => userIds.slice(0, 3).includes(r.userId)))
  })

  test('responses are anonymous: no user, no registration, a random id, only the day', async () => {
    const { survey, userIds, q } = await setup(2)
    await submitSurveyResponse(db, { surveyId: survey.id, userId: userIds[0]!, answers: { [q.overall.id]: 5, [q.device.id]: 1 }, now: new Date('2027-03-01T10:17:42.123Z') })
    const [row] = await db.$queryRaw<Record<string, unknown>[]>`SELECT * FROM "SurveyResponse" WHERE "surveyId" = ${survey.id}`
    expect(Object.keys(row!).sort()).toEqual(['answers', 'id', 'submittedOn', 'surveyId'])
    expect(row!.submittedOn).toEqual(new Date('2027-03-01T00:00:00Z'))
    expect(String(row!.id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(JSON.stringify(row)).not.toContain(userIds[0]!)
  })

  test.each([
    ['a missing required answer', (q: Awaited<ReturnType<typeof setup>>['q']) => ({ [q.device.id]: 0 }), 'validation_failed'],
    ['a Likert answer of 7', (q: Awaited<ReturnType<typeof setup>>['q']) => ({ [q.overall.id]: 7, [q.device.id]: 0 }), 'validation_failed'],
  ])('%s is refused and nothing is recorded', async (_name, answers, code) => {
    const { survey, userIds, q } = await setup(1)
    await expect(submitSurveyResponse(db, { surveyId: survey.id, userId: userIds[0]!, answers: answers(q), now: NOW })).rejects.toMatchObject({ code })
    expect(await db.surveyCompletion.count({ where: { surveyId: survey.id } })).toBe(0)
    expect(await db.surveyResponse.count({ where: { surveyId: survey.id } })).toBe(0)
  })

  test('closed surveys, non-registrants and removing questions after answers are refused', async () => {
    const { event, survey, userIds, q } = await setup(1, { closesAt: '2027-02-01T08:00' })
    await expect(submitSurveyResponse(db, { surveyId: survey.id, userId: userIds[0]!, answers: { [q.overall.id]: 5, [q.device.id]: 0 }, now: NOW })).rejects.toMatchObject({ code: 'survey_closed' })
    const open = await setup(1)
    const [stranger] = await createUsers(db, 1, 'stranger')
    await expect(submitSurveyResponse(db, { surveyId: open.survey.id, userId: stranger!, answers: {}, now: NOW })).rejects.toMatchObject({ code: 'not_eligible' })
    await submitSurveyResponse(db, { surveyId: open.survey.id, userId: open.userIds[0]!, answers: { [open.q.overall.id]: 5, [open.q.device.id]: 0 }, now: NOW })
    await expect(removeSurveyQuestion(db, { eventId: open.event.id, surveyId: open.survey.id, questionId: open.q.comments.id })).rejects.toMatchObject({ code: 'survey_has_responses' })
    await removeSurveyQuestion(db, { eventId: event.id, surveyId: survey.id, questionId: q.comments.id })
    expect(await db.surveyQuestion.count({ where: { surveyId: survey.id } })).toBe(3)
  })

  test('CSV and XLSX exports carry the counts, the free text and the satisfaction row', async () => {
    const { event, survey, userIds, q } = await setup(3)
    await submitSurveyResponse(db, { surveyId: survey.id, userId: userIds[0]!, answers: { [q.overall.id]: 5, [q.device.id]: 0, [q.comments.id]: '=HYPERLINK("x")' }, now: NOW })
    await submitSurveyResponse(db, { surveyId: survey.id, userId: userIds[1]!, answers: { [q.overall.id]: 3, [q.device.id]: 1 }, now: NOW })
    await submitSurveyResponse(db, { surveyId: survey.id, userId: userIds[2]!, answers: { [q.overall.id]: 2, [q.device.id]: 1 }, now: NOW })
    const csv = await exportSurveyReport(db, { eventId: event.id, surveyId: survey.id, format: 'csv' })
    expect(csv.body).toContain('1,总体满意度,Overall,5,1,33.3\r\n')
    expect(csv.body).toContain(`4,建议,Comments,"'=HYPERLINK(""x"")",,`)
    expect(csv.body).toContain('总体满意度（4–5 分占比）,Overall satisfaction (share of 4–5),,3,33.3\r\n')
    const xlsx = await exportSurveyReport(db, { eventId: event.id, surveyId: survey.id, format: 'xlsx' })
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer)
    expect(book.worksheets.map((w) => w.name)).toEqual(['统计 Report', '文字回答 Free text'])
    expect(book.worksheets[1]!.getRow(2).values).toEqual([undefined, '建议', '=HYPERLINK("x")'])
  })

  test('with one respondent the "anonymous" report, page and exports, holds the number of responses only (decision 013)', async () => {
    const { event, survey, userIds, q } = await setup(1)
    await submitSurveyResponse(db, { surveyId: survey.id, userId: userIds[0]!, answers: { [q.overall.id]: 1, [q.device.id]: 1, [q.comments.id]: '只有我一个人这样写' }, now: NOW })
    const report = await getSurveyReport(db, { eventId: event.id, surveyId: survey.id })
    expect(report).toMatchObject({ completions: 1, responses: 1, withheld: true, overallSatisfaction: null })
    expect(report.questions.map((x) => x.summary)).toEqual([
      { id: q.overall.id, type: 'LIKERT', answered: 0, counts: [0, 0, 0, 0, 0], mean: null, satisfied: null },
      { id: q.device.id, type: 'SINGLE_CHOICE', answered: 0, counts: [0, 0] },
      { id: q.topics.id, type: 'MULTIPLE_CHOICE', answered: 0, counts: [0, 0, 0] },
      { id: q.comments.id, type: 'FREE_TEXT', answered: 0, texts: [] },
    ])
    const csv = await exportSurveyReport(db, { eventId: event.id, surveyId: survey.id, format: 'csv' })
    expect(csv.body).not.toContain('只有我一个人这样写')
    expect(csv.body).not.toContain('观看设备')
    expect(csv.body).toContain('Fewer than 3 responses: answers withheld to keep them anonymous,,1,\r\n')
    const xlsx = await exportSurveyReport(db, { eventId: event.id, surveyId: survey.id, format: 'xlsx' })
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer)
    expect(book.worksheets[1]!.rowCount).toBe(1)
  })
})
