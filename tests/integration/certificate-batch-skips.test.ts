import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { SkipReason } from '../../app/domain/certificate-skip.ts'
import { getStaffCredits } from '../../app/services/credits/get-staff-credits.server.ts'
import { issueCertificate } from '../../app/services/credits/issue-certificate.server.ts'
import { revokeCertificate } from '../../app/services/credits/revoke-certificate.server.ts'
import { createCertificateBatch, runCertificateBatch } from '../../app/services/credits/run-certificate-batch.server.ts'
import { setCreditRuleActive } from '../../app/services/credits/set-credit-rule-active.server.ts'
import { testDb } from '../helpers/db.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'

/**
 * Issue 14: a batch said "跳过 N" and never why. Each person a batch skips is written down
 * with every reason that applies, and the staff page counts them per reason.
 */
const db = testDb()
const keys = generateKeyPairSync('ed25519')
const staff = { userId: null, ipAddress: '203.0.113.9', userAgent: 'vitest' }
const T = (hhmm: string) => new Date(`2027-03-01T${hhmm}:00Z`)
const AFTER = new Date('2027-03-02T00:00:00Z')

let eventId = ''
let forumId = ''
let ticketTypeId = ''
let examId = ''
let surveyId = ''
let ruleId = '' // Class II: 60 minutes, the exam and the evaluation
let amaRuleId = '' // AMA PRA: 1 credit an hour, rounded to the quarter hour, nothing else required
const people: Record<string, { userId: string; registrationId: string }> = {}

/** A confirmed registration: at the venue from 01:00 for `minutes`, the exam (passed or not, or not taken) and the evaluation. */
async function person(name: string, minutes: number, exam: 'passed' | 'failed' | 'none', evaluation: boolean) {
  const [userId] = await createUsers(db, 1, 'skip')
  await db.user.update({ where: { id: userId! }, data: { realName: name } })
  const registration = await db.registration.create({ data: { eventId, ticketTypeId, userId: userId!, status: 'CONFIRMED', confirmedAt: T('00:00') } })
  if (minutes > 0)
    await db.attendanceEvent.createMany({
      data: [
        { registrationId: registration.id, forumId, kind: 'VENUE_ENTRY', source: 'VENUE', receivedAt: T('01:00'), nonce: 'in' },
        { registrationId: registration.id, forumId, kind: 'VENUE_EXIT', source: 'VENUE', receivedAt: new Date(T('01:00').getTime() + minutes * 60_000), nonce: 'out' },
      ],
    })
  if (exam !== 'none')
    await db.examAttempt.create({
      data: {
        examId,
        registrationId: registration.id,
        number: 1,
        status: 'SUBMITTED',
        active: null,
        seed: 's',
        startedAt: T('04:00'),
        deadline: T('04:30'),
        submittedAt: T('04:20'),
        percentage: exam === 'passed' ? 80 : 40,
        passed: exam === 'passed',
        ipAddresses: [],
        userAgents: [],
      },
    })
  if (evaluation) await db.surveyCompletion.create({ data: { surveyId, registrationId: registration.id } })
  people[name] = { userId: userId!, registrationId: registration.id }
}

beforeAll(async () => {
  const event = await createEvent(db)
  eventId = event.id
  forumId = event.forums[0]!.id
  await db.session.create({ data: { forumId, kind: 'TALK', titleZh: '讲座', titleEn: 'Lecture', startsAt: T('01:00'), endsAt: T('03:00') } })
  ticketTypeId = (await createTicketType(db, eventId)).id
  examId = (await db.exam.create({ data: { eventId, titleZh: '考核', titleEn: 'Exam', opensAt: T('03:00'), closesAt: AFTER, timeLimitMinutes: 30, published: true } })).id
  surveyId = (await db.survey.create({ data: { eventId, titleZh: '满意度调查', titleEn: 'Evaluation', published: true, requiredForCertificate: true } })).id
  const base = { eventId, mode: 'FIXED' as const, rounding: 'NONE' as const, sources: ['LIVE' as const, 'VENUE' as const] }
  ruleId = (
    await db.creditRule.create({
      data: { ...base, scheme: 'CN_CME_CLASS_II', nameZh: 'Ⅱ类学分', nameEn: 'Class II', credits: 2, minAttendedMinutes: 60, requireExamPassed: true, requireEvaluation: true },
    })
  ).id
  amaRuleId = (await db.creditRule.create({ data: { ...base, scheme: 'AMA_PRA_CAT1', nameZh: 'AMA', nameEn: 'AMA', mode: 'PER_HOUR', rounding: 'QUARTER_HOUR', credits: 1 } })).id

  await person('合格', 120, 'passed', true)
  await person('时长不足', 30, 'passed', true)
  await person('考核未过', 120, 'failed', true)
  await person('问卷未填', 120, 'passed', false)
  await person('未到场', 0, 'none', false)
  await person('五分钟', 5, 'passed', true)
  await person('已有证书', 120, 'passed', true)
  await person('已撤销', 120, 'passed', true)
  await issueCertificate(db, { ruleId, registrationId: people['已有证书']!.registrationId, now: AFTER, keys })
  const revoked = await issueCertificate(db, { ruleId, registrationId: people['已撤销']!.registrationId, now: AFTER, keys })
  if (revoked.status !== 'issued') throw new Error('fixture: expected an issued certificate')
  await revokeCertificate(db, { certificateId: revoked.certificateId, reason: '签到记录有误', actor: staff, now: AFTER })
})

afterAll(async () => {
  await db.$disconnect()
})

async function reasonsByName(batchId: string) {
  const rows = await db.certificateBatchSkip.findMany({ where: { batchId }, select: { reasons: true, errorCode: true, user: { select: { realName: true } } } })
  return Object.fromEntries(rows.map((r) => [r.user.realName, r.reasons])) as Record<string, SkipReason[]>
}

test('each person a batch skips is written down with every reason, and the staff page counts them per reason', async () => {
  const batch = await createCertificateBatch(db, { eventId, ruleId, actor: staff })
  const done = await runCertificateBatch(db, batch.id, { now: AFTER, keys })
  expect(done).toMatchObject({ status: 'DONE', total: 8, processed: 8, issued: 1, skipped: 7, failed: 0 })
  expect(await reasonsByName(batch.id)).toEqual({
    时长不足: ['TOO_FEW_MINUTES'],
    考核未过: ['EXAM_NOT_PASSED'],
    问卷未填: ['EVALUATION_MISSING'],
    未到场: ['NO_ATTENDANCE', 'EXAM_NOT_PASSED', 'EVALUATION_MISSING'],
    五分钟: ['TOO_FEW_MINUTES'],
    已有证书: ['ALREADY_ISSUED'],
    已撤销: ['CERTIFICATE_REVOKED'],
  })
  // The one who met every criterion got the certificate; the revoked one was not replaced.
  expect(await db.certificate.count({ where: { ruleId, userId: people['合格']!.userId, status: 'VALID' } })).toBe(1)
  expect(await db.certificate.count({ where: { ruleId, userId: people['已撤销']!.userId } })).toBe(1)

  const page = await getStaffCredits(db, eventId)
  const shown = page.batches.find((b) => b.id === batch.id)!
  expect(shown.reasonCounts).toEqual({ TOO_FEW_MINUTES: 2, EXAM_NOT_PASSED: 2, EVALUATION_MISSING: 2, NO_ATTENDANCE: 1, ALREADY_ISSUED: 1, CERTIFICATE_REVOKED: 1 })
  expect(shown.skips.map((s) => s.user.realName).sort()).toEqual(['五分钟', '已撤销', '已有证书', '未到场', '时长不足', '考核未过', '问卷未填'].sort())
  expect(shown.skips.find((s) => s.user.realName === '未到场')).toMatchObject({ reasons: ['NO_ATTENDANCE', 'EXAM_NOT_PASSED', 'EVALUATION_MISSING'], errorCode: null })
})

test('a per-hour rule: nothing attended, or too little to round to a quarter hour, is a reason of its own, and no 0-credit certificate is issued', async () => {
  const batch = await createCertificateBatch(db, { eventId, ruleId: amaRuleId, actor: staff })
  const done = await runCertificateBatch(db, batch.id, { now: AFTER, keys })
  expect(done).toMatchObject({ total: 8, issued: 6, skipped: 2, failed: 0 })
  expect(await reasonsByName(batch.id)).toEqual({ 未到场: ['NO_ATTENDANCE'], 五分钟: ['NO_CREDIT'] })
  expect(await db.certificate.count({ where: { ruleId: amaRuleId, credits: { lte: 0 } } })).toBe(0)
  expect(await db.certificate.findFirst({ where: { ruleId: amaRuleId, userId: people['时长不足']!.userId }, select: { credits: true } })).toEqual({ credits: 0.5 })
})

test('a batch run again after a crash writes its reasons afresh, once per person', async () => {
  const batch = await createCertificateBatch(db, { eventId, ruleId, actor: staff })
  await runCertificateBatch(db, batch.id, { now: AFTER, keys })
  // As if the worker died before marking it done: the queue runs it again.
  await db.certificateBatch.update({ where: { id: batch.id }, data: { status: 'RUNNING' } })
  const again = await runCertificateBatch(db, batch.id, { now: AFTER, keys })
  expect(again).toMatchObject({ status: 'DONE', total: 8, issued: 0, skipped: 8 })
  expect(await db.certificateBatchSkip.count({ where: { batchId: batch.id } })).toBe(8)
  expect((await reasonsByName(batch.id))['合格']).toEqual(['ALREADY_ISSUED'])
})

test('a rule switched off after the batch was requested issues nothing, and every person reads "rule switched off"', async () => {
  await person('后来者', 120, 'passed', true)
  const batch = await createCertificateBatch(db, { eventId, ruleId, actor: staff })
  await setCreditRuleActive(db, { eventId, ruleId, active: false }, staff)
  try {
    const done = await runCertificateBatch(db, batch.id, { now: AFTER, keys })
    expect(done).toMatchObject({ status: 'DONE', total: 9, issued: 0, skipped: 9, failed: 0 })
    expect(await db.certificate.count({ where: { ruleId, userId: people['后来者']!.userId } })).toBe(0)
    const page = await getStaffCredits(db, eventId)
    expect(page.batches.find((b) => b.id === batch.id)!.reasonCounts).toEqual({ RULE_INACTIVE: 9 })
  } finally {
    await setCreditRuleActive(db, { eventId, ruleId, active: true }, staff)
  }
})
