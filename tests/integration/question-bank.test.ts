import { afterAll, describe, expect, test } from 'vitest'
import { parseGift } from '../../app/domain/gift.ts'
import { editQuestion } from '../../app/services/exams/edit-question.server.ts'
import { importQuestions, previewImport } from '../../app/services/exams/import-questions.server.ts'
import { exportQuestionBankGift, listQuestionBank } from '../../app/services/exams/list-question-bank.server.ts'
import { setQuestionRetired } from '../../app/services/exams/retire-question.server.ts'
import { testDb } from '../helpers/db.ts'
import { BANK_GIFT, moodleFixture } from '../helpers/exam-fixtures.ts'
import { createEvent } from '../helpers/fixtures.ts'

const db = testDb()
afterAll(() => db.$disconnect())
const count = (eventId: string) => Promise.all([db.question.count({ where: { eventId } }), db.questionVersion.count({ where: { question: { eventId } } })])

describe('import is all or nothing', () => {
  test.each([
    [
      'moodle-questions.gift.txt',
      [
        { line: 2, question: 'Q8', code: 'unsupported_essay' },
        { line: 5, question: 'Moodle activities', code: 'unsupported_matching' },
      ],
    ],
    ['moodle-questions_in_category.gift.txt', [{ line: 5, question: 'Moodle activities', code: 'unsupported_matching' }]],
  ])("Moodle's %s: the essay and matching questions are reported with their lines, and nothing is written", async (name, expected) => {
    const event = await createEvent(db)
    const attempt = importQuestions(db, { eventId: event.id, format: 'gift', text: moodleFixture(name), difficulty: 'MEDIUM', tags: [] })
    await expect(attempt).rejects.toMatchObject({ code: 'import_failed', status: 422, details: { errors: expected.map((e) => expect.objectContaining(e)) } })
    expect(await count(event.id)).toEqual([0, 0])
  })

  test("the fixture's supported questions, once the rest is removed, all import, with their category, tags and markup", async () => {
    const event = await createEvent(db)
    const supported = (await previewImport('gift', moodleFixture('moodle-questions_in_category.gift.txt'))).preview
    const { formatGift } = await import('../../app/domain/gift.ts')
    const { imported } = await importQuestions(db, { eventId: event.id, format: 'gift', text: formatGift(supported), difficulty: 'HARD', tags: ['Moodle'] })
    expect(imported).toBe(3)
    const bank = await listQuestionBank(db, event.id)
    expect(bank.map((q) => [q.title, q.type, q.difficulty, q.tags, q.languages, q.latestVersion])).toEqual([
      ['Greeting', 'SINGLE_CHOICE', 'HARD', ['Moodle'], ['en'], 1],
      ['Moodle user', 'SHORT_ANSWER', 'HARD', ['Moodle'], ['en'], 1],
      ['Moodle acronym', 'TRUE_FALSE', 'HARD', ['Moodle'], ['en'], 1],
    ])
    expect(bank[0]!.content).toEqual(supported[0])
  })

  test('one bad question among good ones: the error names its line and question; none of the good ones is written', async () => {
    const event = await createEvent(db)
    const text = `${BANK_GIFT}\n::坏题::哪项正确？{~甲 ~乙}\n`
    const lines = text.split('\n')
    const errors = parseGift(text).errors
    expect(errors).toHaveLength(1)
    await expect(importQuestions(db, { eventId: event.id, format: 'gift', text, difficulty: 'MEDIUM', tags: [] })).rejects.toMatchObject({
      details: { errors: [{ line: lines.indexOf('::坏题::哪项正确？{~甲 ~乙}') + 1, question: '坏题', code: 'no_correct_answer' }] },
    })
    expect(await count(event.id)).toEqual([0, 0])
  })

  test('Aiken imports too, and an Aiken error is refused the same way', async () => {
    const event = await createEvent(db)
    await expect(importQuestions(db, { eventId: event.id, format: 'aiken', text: '哪项正确？\nA. 对\nB. 错\nANSWER: C\n', difficulty: 'EASY', tags: [] })).rejects.toMatchObject({
      details: { errors: [{ line: 4, code: 'bad_answer' }] },
    })
    await importQuestions(db, { eventId: event.id, format: 'aiken', text: '哪项正确？\nA. 对\nB. 错\nANSWER: A\n', difficulty: 'EASY', tags: ['抗菌药物'] })
    expect(await listQuestionBank(db, event.id)).toMatchObject([{ type: 'SINGLE_CHOICE', tags: ['抗菌药物'], languages: ['zh_CN'] }])
  })
})

describe('edit, retire, export', () => {
  test('an edit keeps every earlier version; a bad edit changes nothing', async () => {
    const event = await createEvent(db)
    const { questionIds } = await importQuestions(db, { eventId: event.id, format: 'gift', text: BANK_GIFT, difficulty: 'MEDIUM', tags: [] })
    const id = questionIds[2]!
    await editQuestion(db, { eventId: event.id, questionId: id, gift: '::Q3 判断::高血压患者每日食盐应少于 5 克。{T}', difficulty: 'EASY', tags: ['高血压', '饮食'] })
    await expect(editQuestion(db, { eventId: event.id, questionId: id, gift: '::Q3::{T}', difficulty: 'EASY', tags: [] })).rejects.toMatchObject({ code: 'import_failed' })
    await expect(editQuestion(db, { eventId: event.id, questionId: id, gift: '::a::x{T}\n\n::b::y{F}', difficulty: 'EASY', tags: [] })).rejects.toMatchObject({
      details: { errors: [{ code: 'one_question' }] },
    })
    const versions = await db.questionVersion.findMany({ where: { questionId: id }, orderBy: { version: 'asc' }, select: { version: true, content: true } })
    expect(versions.map((v) => [v.version, (v.content as { text: string }).text])).toEqual([
      [1, '高血压患者应当限盐。'],
      [2, '高血压患者每日食盐应少于 5 克。'],
    ])
    expect(await db.question.findUniqueOrThrow({ where: { id }, select: { latestVersion: true, difficulty: true, tags: true } })).toEqual({
      latestVersion: 2,
      difficulty: 'EASY',
      tags: ['高血压', '饮食'],
    })
    // Another event's staff page cannot edit it.
    const other = await createEvent(db)
    await expect(editQuestion(db, { eventId: other.id, questionId: id, gift: '::x::y{T}', difficulty: 'EASY', tags: [] })).rejects.toMatchObject({ code: 'not_found' })
  })

  test('retired questions stay in the bank but leave the GIFT export, which reads back as the bank', async () => {
    const event = await createEvent(db)
    const { questionIds } = await importQuestions(db, { eventId: event.id, format: 'gift', text: BANK_GIFT, difficulty: 'MEDIUM', tags: ['论坛一'] })
    await setQuestionRetired(db, { eventId: event.id, questionId: questionIds[0]!, retired: true })
    const gift = await exportQuestionBankGift(db, event.id)
    const back = parseGift(gift)
    expect(back.errors).toEqual([])
    expect(back.questions.map((q) => q.title)).toEqual(['Q2 药物', 'Q3 判断', 'Q4 简答', 'Q5 数值'])
    expect(back.questions[0]!.tags).toEqual(['论坛一', '高血压'])
    const bank = await listQuestionBank(db, event.id)
    expect(bank.at(-1)).toMatchObject({ title: 'Q1 诊断', retiredAt: expect.any(Date) })
  })
})
