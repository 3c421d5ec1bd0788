import ExcelJS from 'exceljs'
import { toCsv, type Cell } from '~/domain/csv-export.ts'
import { ANONYMOUS_REPORT_MIN_RESPONSES, LIKERT_POINTS, summariseSurvey, type SurveyAnswers } from '~/domain/survey.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { surveyDefs } from './submit-survey-response.server.ts'

type Option = { zh: string; en: string }

/**
 * A survey's anonymous report for staff: how many completed it, per-question counts,
 * free-text answers and the overall satisfaction. Responses are read in id order, and ids
 * are random, so the free-text list says nothing about who answered when.
 */
export async function getSurveyReport(db: Db, input: { eventId: string; surveyId: string }) {
  const survey = await db.survey.findFirst({
    where: { id: input.surveyId, eventId: input.eventId },
    include: { questions: { orderBy: { position: 'asc' } }, forum: { select: { titleZh: true, titleEn: true } }, _count: { select: { completions: true } } },
  })
  if (!survey) throw new AppError('not_found', 'No such survey')
  const responses = await db.surveyResponse.findMany({ where: { surveyId: survey.id }, orderBy: { id: 'asc' }, select: { answers: true } })
  const report = summariseSurvey(
    surveyDefs(survey.questions),
    responses.map((r) => r.answers as SurveyAnswers),
  )
  const questions = survey.questions.map((q, i) => ({ ...q, options: (q.options ?? []) as Option[], summary: report.questions[i]! }))
  return { survey, completions: survey._count.completions, responses: report.responses, withheld: report.withheld, overallSatisfaction: report.overallSatisfaction, questions }
}

/**
 * The report as a table: one row per question and answer choice with its count, then the
 * free-text answers. CSV is that table; XLSX adds a sheet with the free text alone.
 */
export async function exportSurveyReport(db: Db, input: { eventId: string; surveyId: string; format: 'csv' | 'xlsx' }) {
  const report = await getSurveyReport(db, input)
  const header = ['题号 No.', '题目 Question', 'Question', '选项 Choice', '人数 Count', '占比 Share (%)']
  const rows: Cell[][] = []
  const share = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 1000) / 10)
  // Below the minimum of respondents (decision 013) the export, like the page, holds their number only.
  if (report.withheld)
    rows.push([
      null,
      `回答不足 ${ANONYMOUS_REPORT_MIN_RESPONSES} 份，为保护匿名不显示答案`,
      `Fewer than ${ANONYMOUS_REPORT_MIN_RESPONSES} responses: answers withheld to keep them anonymous`,
      null,
      report.responses,
      null,
    ])
  for (const [i, q] of report.withheld ? [] : report.questions.entries()) {
    const s = q.summary
    if (s.type === 'LIKERT') LIKERT_POINTS.forEach((p, j) => rows.push([i + 1, q.textZh, q.textEn, p, s.counts[j]!, share(s.counts[j]!, s.answered)]))
    else if (s.type === 'FREE_TEXT') s.texts.forEach((text) => rows.push([i + 1, q.textZh, q.textEn, text, null, null]))
    else q.options.forEach((o, j) => rows.push([i + 1, q.textZh, q.textEn, `${o.zh} / ${o.en}`, s.counts[j] ?? 0, share(s.counts[j] ?? 0, s.answered)]))
  }
  rows.push([null, '总体满意度（4–5 分占比）', 'Overall satisfaction (share of 4–5)', null, report.responses, report.overallSatisfaction])
  const base = `survey-${report.survey.id}`
  if (input.format === 'csv') return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: toCsv(header, rows) }
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('统计 Report', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.addRow(header).font = { bold: true }
  for (const row of rows) sheet.addRow(row.map((c) => c ?? ''))
  const free = book.addWorksheet('文字回答 Free text')
  free.addRow(['题目 Question', '回答 Answer']).font = { bold: true }
  for (const q of report.questions) if (q.summary.type === 'FREE_TEXT') for (const text of q.summary.texts) free.addRow([q.textZh, text])
  return { filename: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: Buffer.from(await book.xlsx.writeBuffer()) }
}
