import ExcelJS from 'exceljs'
import { SCHEME_LABELS, LEVEL_LABELS } from '~/domain/credit-labels.ts'
import { toCsv } from '~/domain/csv-export.ts'
import { parsProblems, splitLearnerName, type ParsProblem } from '~/domain/learner-name.ts'
import type { Question } from '~/domain/question.ts'
import { richTextToPlain } from '~/domain/rich-text.ts'
import { dayKey, formatTime } from '~/domain/time.ts'
import { DEFAULT_LOCALE, localized, type AppLocale } from '~/domain/locale.ts'
import { translate } from '~/i18n/i18n.ts'
import { staffNames } from './get-staff-credits.server.ts'
import { deriveRegistrationsAttendance } from '~/services/attendance/derive-forum-attendance.server.ts'
import { loadCreditedForums } from '~/services/attendance/load-credited-forums.server.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

async function eventOrThrow(db: Db, eventId: string) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true, slug: true, titleZh: true, titleEn: true, startsAt: true, endsAt: true, timeZone: true } })
  if (!event) throw new AppError('not_found', 'No such event')
  return event
}

function sheetWith(workbook: ExcelJS.Workbook, name: string, header: string[], rows: (string | number | null)[][]) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.addRow(header).font = { bold: true }
  for (const row of rows) sheet.addRow(row)
  sheet.columns.forEach((c) => (c.width = 18))
  return sheet
}

const PROBLEM_TEXT: Record<ParsProblem, string> = {
  no_consent: 'No consent to report (未同意上报)',
  no_licence_or_board_id: 'No state licence ID or board ID',
  no_birth_date: 'No month and day of birth',
  no_first_name: 'First name cannot be told from the real name',
}

/**
 * ACCME PARS learner batch (Excel): valid AMA PRA Category 1 certificates of the event, one
 * row per learner who consented and has every required field; everyone else on a second
 * sheet with the reasons, so staff can chase them.
 */
export async function exportParsLearners(db: Db, eventId: string) {
  const event = await eventOrThrow(db, eventId)
  const certificates = await db.certificate.findMany({
    where: { eventId, status: 'VALID', rule: { scheme: 'AMA_PRA_CAT1' } },
    orderBy: { issuedAt: 'asc' },
    select: { credits: true, issuedAt: true, holderName: true, user: { select: { email: true, licenseId: true, boardId: true, birthMonth: true, birthDay: true, creditReportingConsentAt: true } } },
  })
  const reported: (string | number | null)[][] = []
  const missing: (string | number | null)[][] = []
  for (const c of certificates) {
    const problems = parsProblems({
      realName: c.holderName,
      licenseId: c.user.licenseId,
      boardId: c.user.boardId,
      birthMonth: c.user.birthMonth,
      birthDay: c.user.birthDay,
      consented: !!c.user.creditReportingConsentAt,
    })
    const { firstName, lastName } = splitLearnerName(c.holderName)
    if (problems.length) missing.push([c.holderName, c.user.email, problems.map((p) => PROBLEM_TEXT[p]).join('; ')])
    else reported.push([firstName, lastName, c.user.licenseId ?? '', c.user.boardId ?? '', c.user.birthMonth, c.user.birthDay, c.credits, dayKey(c.issuedAt, event.timeZone)])
  }
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'cme-forum'
  sheetWith(workbook, 'Learners', ['First Name', 'Last Name', 'State License ID', 'Board ID', 'Month of Birth', 'Day of Birth', 'Credits', 'Completion Date'], reported)
  sheetWith(workbook, 'Not reported', ['Name', 'E-mail', 'Reason'], missing)
  return { filename: `pars-${event.slug}.xlsx`, body: Buffer.from(await workbook.xlsx.writeBuffer()), reported: reported.length, missing: missing.length }
}

/**
 * China national CME project report (国家级继续医学教育项目执行情况), one workbook: execution
 * summary, schedule, exam questions, trainee records and the pass list.
 */
export async function exportChinaProjectReport(db: Db, eventId: string, now = new Date()) {
  const event = await eventOrThrow(db, eventId)
  const rules = await db.creditRule.findMany({ where: { eventId, scheme: { in: ['CN_CME_CLASS_I', 'CN_CME_CLASS_II'] } }, orderBy: { createdAt: 'asc' } })
  const registrations = await db.registration.findMany({
    where: { eventId, status: 'CONFIRMED' },
    select: { id: true, user: { select: { realName: true, institution: true, title: true, licenseId: true, email: true } } },
  })
  const certificates = await db.certificate.findMany({
    where: { eventId, rule: { scheme: { in: ['CN_CME_CLASS_I', 'CN_CME_CLASS_II'] } } },
    orderBy: { issuedAt: 'asc' },
    select: { id: true, registrationId: true, ruleId: true, status: true, credits: true, issuedAt: true, holderName: true, criteria: true },
  })
  const forums = await db.forum.findMany({
    where: { eventId },
    orderBy: { position: 'asc' },
    select: {
      titleZh: true,
      sessions: { orderBy: { startsAt: 'asc' }, select: { titleZh: true, kind: true, startsAt: true, endsAt: true, speakers: { select: { speaker: { select: { nameZh: true } } } } } },
    },
  })
  const exams = await db.exam.findMany({
    where: { eventId },
    select: {
      titleZh: true,
      passPercent: true,
      questions: {
        orderBy: { position: 'asc' },
        select: { position: true, question: { select: { type: true, latestVersion: true, versions: { orderBy: { version: 'desc' }, take: 1, select: { content: true } } } } },
      },
    },
  })
  const attempts = await db.examAttempt.findMany({ where: { exam: { eventId }, status: { not: 'IN_PROGRESS' } }, select: { registrationId: true, percentage: true, passed: true } })
  const best = new Map<string, { percentage: number; passed: boolean }>()
  for (const a of attempts) {
    const prev = best.get(a.registrationId)
    if (!prev || (a.percentage ?? 0) > prev.percentage) best.set(a.registrationId, { percentage: a.percentage ?? 0, passed: !!a.passed })
  }
  const fmt = new Intl.DateTimeFormat('zh-CN', { timeZone: event.timeZone, dateStyle: 'short', timeStyle: 'short' })
  const valid = certificates.filter((c) => c.status === 'VALID')

  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'cme-forum'
  sheetWith(
    workbook,
    '执行情况',
    ['项目', '内容'],
    [
      ['项目名称', event.titleZh],
      [
        '项目编号',
        rules
          .map((r) => r.projectNumber)
          .filter(Boolean)
          .join('；'),
      ],
      [
        '项目级别',
        rules
          .map((r) => (r.projectLevel ? LEVEL_LABELS[r.projectLevel].zh : ''))
          .filter(Boolean)
          .join('；'),
      ],
      ['学分类别', rules.map((r) => `${SCHEME_LABELS[r.scheme].zh} ${r.credits}`).join('；')],
      ['举办日期', `${fmt.format(event.startsAt)} – ${fmt.format(event.endsAt)}`],
      ['报名学员数', registrations.length],
      ['参加考核人数', best.size],
      ['考核合格人数', [...best.values()].filter((b) => b.passed).length],
      ['授予学分人数', new Set(valid.map((c) => c.registrationId)).size],
    ],
  )
  sheetWith(
    workbook,
    '日程',
    ['论坛', '时间', '结束', '类型', '题目', '讲者'],
    forums.flatMap((f) => f.sessions.map((s) => [f.titleZh, fmt.format(s.startsAt), fmt.format(s.endsAt), s.kind, s.titleZh, s.speakers.map((x) => x.speaker.nameZh).join('、')])),
  )
  sheetWith(
    workbook,
    '考核试题',
    ['考核', '序号', '题型', '题目', '选项', '答案'],
    exams.flatMap((e) =>
      e.questions.map((q) => {
        const content = q.question.versions[0]?.content as unknown as Question | undefined
        const options = content && 'options' in content ? content.options : []
        return [
          e.titleZh,
          q.position + 1,
          q.question.type,
          content ? richTextToPlain(content.text) : '',
          options.map((o, i) => `${String.fromCharCode(65 + i)}. ${richTextToPlain(o.text)}`).join('\n'),
          options.map((o, i) => (o.weight > 0 ? String.fromCharCode(65 + i) : '')).join('') || (content && 'answer' in content ? String((content as { answer: unknown }).answer) : ''),
        ]
      }),
    ),
  )
  // Minutes: the one credited derivation (app/domain/credited-time.ts) over the whole event, the
  // forums as they ran, parallel forums once, from the sources the report's rules accept.
  const sources = [...new Set(rules.flatMap((r) => r.sources))]
  const credited = await deriveRegistrationsAttendance(
    db,
    registrations.map((r) => r.id),
    await loadCreditedForums(db, { eventId }, now),
    { sources: sources.length ? sources : undefined },
  )
  // A trainee may hold several valid certificates (a Class I rule for the event, another for a
  // forum): the row counts them all.
  const byRegistration = new Map<string, (typeof certificates)[number][]>()
  for (const c of certificates) if (c.status === 'VALID' && c.registrationId) byRegistration.set(c.registrationId, [...(byRegistration.get(c.registrationId) ?? []), c])
  sheetWith(
    workbook,
    '学员名单',
    ['姓名', '单位', '职称', '执业证号', '计入学分的参加分钟', '考核成绩', '学分', '证书状态'],
    registrations.map((r) => {
      const held = byRegistration.get(r.id) ?? []
      const credits = Math.round(held.reduce((sum, c) => sum + c.credits, 0) * 100) / 100
      return [
        r.user.realName,
        r.user.institution ?? '',
        r.user.title ?? '',
        r.user.licenseId ?? '',
        Math.floor(credited.get(r.id)?.attended ?? 0),
        best.get(r.id)?.percentage ?? '',
        credits,
        held.length ? `已授予（${held.length} 张）` : '未授予',
      ]
    }),
  )
  sheetWith(
    workbook,
    '合格名单',
    ['姓名', '学分', '授予日期', '证书编号'],
    valid.map((c) => [c.holderName, c.credits, dayKey(c.issuedAt, event.timeZone), c.id.toUpperCase()]),
  )
  return { filename: `cme-report-${event.slug}.xlsx`, body: Buffer.from(await workbook.xlsx.writeBuffer()) }
}

/** A moment as the event's wall clock shows it: "2027-03-02 09:15". */
function zonedMinute(instant: Date | null, timeZone: string): string {
  return instant ? `${dayKey(instant, timeZone)} ${formatTime(instant, timeZone)}` : ''
}

const CERTIFICATE_COLUMNS = [
  'certificateId',
  'version',
  'status',
  'name',
  'email',
  'rule',
  'scheme',
  'projectNumber',
  'credits',
  'issuedAt',
  'issuedBy',
  'overrideReason',
  'revokedAt',
  'revokedBy',
  'revokedReason',
  'supersededBy',
  'code',
  'timeZone',
] as const

/**
 * Every certificate of the event, every version and status, as CSV for a staff member: headers,
 * statuses and rule names in their language, the issuer and revoker by name (automatic issues
 * say so), and times on the event's wall clock with its time zone in its own column.
 */
export async function exportCertificatesCsv(db: Db, eventId: string, locale: AppLocale = DEFAULT_LOCALE) {
  const event = await eventOrThrow(db, eventId)
  const rows = await db.certificate.findMany({
    where: { eventId },
    orderBy: [{ issuedAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      version: true,
      status: true,
      credits: true,
      holderName: true,
      issuedAt: true,
      issuedById: true,
      overrideReason: true,
      revokedAt: true,
      revokedById: true,
      revokedReason: true,
      supersededById: true,
      code: true,
      user: { select: { email: true } },
      rule: { select: { nameZh: true, nameEn: true, scheme: true, projectNumber: true } },
    },
  })
  const names = await staffNames(
    db,
    rows.flatMap((r) => [r.issuedById, r.revokedById]),
  )
  const tz = event.timeZone
  const body = toCsv(
    CERTIFICATE_COLUMNS.map((c) => translate(locale, `staffSections.certificates.csv.${c}`)),
    rows.map((r) => [
      r.id.toUpperCase(),
      r.version,
      translate(locale, `credits.status.${r.status}`),
      r.holderName,
      r.user.email,
      localized(locale, r.rule.nameZh, r.rule.nameEn),
      localized(locale, SCHEME_LABELS[r.rule.scheme].zh, SCHEME_LABELS[r.rule.scheme].en),
      r.rule.projectNumber ?? '',
      r.credits,
      zonedMinute(r.issuedAt, tz),
      r.issuedById ? (names.get(r.issuedById) ?? '—') : translate(locale, 'staffSections.certificates.automatic'),
      r.overrideReason ?? '',
      zonedMinute(r.revokedAt, tz),
      r.revokedById ? (names.get(r.revokedById) ?? '—') : '',
      r.revokedReason ?? '',
      r.supersededById?.toUpperCase() ?? '',
      r.code,
      tz,
    ]),
  )
  return { filename: `certificates-${event.slug}.csv`, body }
}
