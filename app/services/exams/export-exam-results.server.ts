import ExcelJS from 'exceljs'
import { toCsv, type Cell as CsvCell } from '~/domain/csv-export.ts'
import { isFullCredit, type Question } from '~/domain/question.ts'
import { richTextToPlain } from '~/domain/rich-text.ts'
import type { Db } from '~/utils/db.server.ts'
import { getExamResults, type ExamResults } from './get-exam-results.server.ts'

/**
 * Exports of an exam's results, in Chinese and English headers, for the CME office and the
 * national project report, which needs the questions themselves:
 * - results: one row per attempt, with the candidate, score, pass, which attempt counts,
 *   integrity signals and the score on each question (by question number);
 * - questions: every version of every question asked, with its options and key;
 * - statistics: facility and discrimination per question.
 * CSV gives one of these per file; XLSX gives all three as sheets of one workbook.
 */
export type ExamExportPart = 'results' | 'questions' | 'statistics'

export async function exportExamCsv(db: Db, input: { eventId: string; examId: string; part: ExamExportPart }): Promise<{ filename: string; body: string }> {
  const results = await getExamResults(db, input)
  const table = tables(results)[input.part]
  return { filename: `exam-${results.exam.id}-${input.part}.csv`, body: toCsv(table.header, table.rows) }
}

export async function exportExamXlsx(db: Db, input: { eventId: string; examId: string }): Promise<{ filename: string; body: Buffer }> {
  const results = await getExamResults(db, input)
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'cme-forum'
  const all = tables(results)
  for (const [part, title] of [
    ['results', '成绩 Results'],
    ['questions', '试题 Questions'],
    ['statistics', '试题分析 Statistics'],
  ] as const) {
    const sheet = workbook.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] })
    sheet.addRow(all[part].header)
    sheet.getRow(1).font = { bold: true }
    for (const row of all[part].rows) sheet.addRow(row.map((c) => (c === null || c === undefined ? '' : c)))
    sheet.columns.forEach((column) => (column.width = 16))
  }
  const body = Buffer.from(await workbook.xlsx.writeBuffer())
  return { filename: `exam-${results.exam.id}.xlsx`, body }
}

type Table = { header: string[]; rows: CsvCell[][] }

function tables(results: ExamResults): Record<ExamExportPart, Table> {
  const numberOf = new Map(results.questions.map((q) => [q.id, q.number]))
  const questionCount = results.questions.length
  const round = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100)
  const resultsTable: Table = {
    header: [
      '姓名 Name',
      '电子邮箱 Email',
      '工作单位 Institution',
      '职称 Title',
      '执业证书编号 Licence',
      '第几次 Attempt',
      '状态 Status',
      '开始 Started (UTC)',
      '提交 Submitted (UTC)',
      '得分 Points',
      '满分 Max points',
      '百分比 Percentage',
      '通过 Passed',
      '计入成绩 Counts',
      '切换标签页 Tab switches',
      '失去焦点 Focus losses',
      'IP',
      '设备 Devices',
      ...Array.from({ length: questionCount }, (_, i) => `Q${i + 1}`),
    ],
    rows: results.attempts.map((a) => {
      const perQuestion: CsvCell[] = Array.from({ length: questionCount }, () => null)
      for (const q of a.questions) {
        const n = numberOf.get(q.questionVersion.questionId)
        if (n !== undefined && q.points !== null) perQuestion[n - 1] = round(q.points)
      }
      const u = a.registration.user
      return [
        u.realName,
        u.email,
        u.institution,
        u.title,
        u.licenseId,
        a.number,
        a.status,
        a.startedAt,
        a.submittedAt,
        round(a.points),
        round(a.maxPoints),
        a.percentage,
        a.passed,
        a.counted,
        a.tabSwitches,
        a.focusLosses,
        a.ipAddresses.join(' '),
        a.userAgents.join(' | '),
        ...perQuestion,
      ]
    }),
  }
  const questionsTable: Table = {
    header: ['题号 No.', '版本 Version', '题型 Type', '标签 Tags', '标题 Title', '题目 Question', '选项 Options', '答案 Key', '解析 Feedback'],
    rows: results.questions.flatMap((q) =>
      q.versions.map((v) => [
        q.number,
        v.version,
        v.content.type,
        q.tags.join('、'),
        v.content.title,
        richTextToPlain(v.content.text),
        optionsOf(v.content),
        keyOf(v.content),
        richTextToPlain(v.content.generalFeedback),
      ]),
    ),
  }
  const statisticsTable: Table = {
    header: ['题号 No.', '标题 Title', '作答人次 Attempts', '难度（通过率） Facility', '区分度（相关） Discrimination', '区分度 D（高低分组） Upper–lower'],
    rows: results.questions.map((q) => [q.number, q.title, q.statistics.attempts, q.statistics.facility, q.statistics.discrimination, q.statistics.upperLower]),
  }
  return { results: resultsTable, questions: questionsTable, statistics: statisticsTable }
}

const letter = (i: number) => String.fromCharCode(65 + i)

function optionsOf(q: Question): string {
  if (q.type !== 'SINGLE_CHOICE' && q.type !== 'MULTIPLE_CHOICE') return ''
  return q.options.map((o, i) => `${letter(i)}. ${richTextToPlain(o.text)}`).join('\n')
}

function keyOf(q: Question): string {
  switch (q.type) {
    case 'SINGLE_CHOICE':
      return q.options.flatMap((o, i) => (isFullCredit(o.weight) ? [letter(i)] : [])).join(', ')
    case 'MULTIPLE_CHOICE':
      return q.options.flatMap((o, i) => (o.weight !== 0 ? [`${letter(i)} ${Math.round(o.weight * 100)}%`] : [])).join(', ')
    case 'TRUE_FALSE':
      return q.answer ? '对 TRUE' : '错 FALSE'
    case 'SHORT_ANSWER':
      return q.answers.map((a) => (isFullCredit(a.weight) ? a.text : `${a.text} (${Math.round(a.weight * 100)}%)`)).join(' | ')
    case 'NUMERICAL':
      return q.answers.map((a) => `${a.kind === 'RANGE' ? `${a.min}..${a.max}` : `${a.value}±${a.tolerance}`}${isFullCredit(a.weight) ? '' : ` (${Math.round(a.weight * 100)}%)`}`).join(' | ')
  }
}
