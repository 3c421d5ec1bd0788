import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { hashHolderName, verifyCertificateCode } from '../../app/domain/certificate-code.ts'
import { computeRegistrationCredit } from '../../app/services/credits/compute-registration-credit.server.ts'
import { issueCertificate } from '../../app/services/credits/issue-certificate.server.ts'
import { reissueCertificate } from '../../app/services/credits/reissue-certificate.server.ts'
import { revokeCertificate } from '../../app/services/credits/revoke-certificate.server.ts'
import { createCertificateBatch, runCertificateBatch } from '../../app/services/credits/run-certificate-batch.server.ts'
import { findRegistrationsToEvaluate } from '../../app/services/credits/evaluate-registration-credits.server.ts'
import { INVALID_SCOPE, verifyCertificate } from '../../app/services/credits/verify-certificate.server.ts'
import { startCertificateWorker as startCertificateQueue } from '../../app/jobs/certificate-worker.server.ts'
import { getStaffCredits } from '../../app/services/credits/get-staff-credits.server.ts'
import { exportCertificatesCsv, exportChinaProjectReport, exportParsLearners } from '../../app/services/credits/export-credits.server.ts'
import ExcelJS from 'exceljs'
import { getTranscript } from '../../app/services/credits/get-my-credits.server.ts'
import { renderTranscriptPdf } from '../../app/services/credits/certificate-pdf.server.ts'
import { getTranscriptPage } from '../../app/services/credits/get-transcript-pdf.server.ts'
import { resetEnvCache } from '../../app/utils/env.server.ts'
import { testDatabaseUrl, testDb } from '../helpers/db.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'

const db = testDb()
const keys = generateKeyPairSync('ed25519')
const staff = { userId: null, ipAddress: '203.0.113.9', userAgent: 'vitest' }
const T = (hhmm: string) => new Date(`2027-03-01T${hhmm}:00Z`)
const AFTER = new Date('2027-03-02T00:00:00Z')

let eventId = ''
let forumId = ''
let ticketTypeId = ''
let strictRuleId = '' // needs 150 minutes, exam and evaluation
let classOneRuleId = '' // needs 120 minutes and the exam: 6 Class I credits
let examId = ''
let surveyId = ''

/** A confirmed registration that attended from 01:00 until `leaveAt` (heartbeats every 30 s) and passed the exam. */
async function attendee(name: string, leaveAt: string, options: { passed?: boolean } = {}) {
  const [userId] = await createUsers(db, 1, 'cert')
  await db.user.update({ where: { id: userId! }, data: { realName: name } })
  const registration = await db.registration.create({ data: { eventId, ticketTypeId, userId: userId!, status: 'CONFIRMED', confirmedAt: T('00:00') } })
  const end = T(leaveAt).getTime()
  const rows = [{ kind: 'JOIN' as const, at: T('01:00').getTime() }]
  for (let t = T('01:00').getTime() + 30_000; t < end; t += 30_000) rows.push({ kind: 'HEARTBEAT' as never, at: t })
  rows.push({ kind: 'LEAVE' as never, at: end })
  await db.attendanceEvent.createMany({ data: rows.map((r, i) => ({ registrationId: registration.id, forumId, kind: r.kind, source: 'LIVE' as const, receivedAt: new Date(r.at), nonce: `n${i}` })) })
  await db.examAttempt.create({
    data: {
      examId,
      registrationId: registration.id,
      number: 1,
      status: 'SUBMITTED',
      active: null,
      seed: 's',
      startedAt: T('05:00'),
      deadline: T('05:30'),
      submittedAt: T('05:20'),
      percentage: options.passed === false ? 40 : 80,
      passed: options.passed !== false,
      ipAddresses: [],
      userAgents: [],
    },
  })
  return { userId: userId!, registrationId: registration.id }
}

beforeAll(async () => {
  const event = await createEvent(db)
  eventId = event.id
  forumId = event.forums[0]!.id
  await db.forum.update({ where: { id: forumId }, data: { liveStatus: 'ENDED', liveStartedAt: T('01:00'), liveEndedAt: T('04:30') } })
  await db.session.createMany({
    data: [
      { forumId, kind: 'TALK', titleZh: '报告一', titleEn: 'Talk 1', startsAt: T('01:00'), endsAt: T('02:30') },
      { forumId, kind: 'BREAK', titleZh: '茶歇', titleEn: 'Break', startsAt: T('02:30'), endsAt: T('02:45') },
      { forumId, kind: 'TALK', titleZh: '报告二', titleEn: 'Talk 2', startsAt: T('02:45'), endsAt: T('04:15') },
    ],
  })
  ticketTypeId = (await createTicketType(db, eventId)).id
  examId = (await db.exam.create({ data: { eventId, titleZh: '考核', titleEn: 'Exam', opensAt: T('04:30'), closesAt: AFTER, timeLimitMinutes: 30, published: true } })).id
  surveyId = (await db.survey.create({ data: { eventId, titleZh: '满意度调查', titleEn: 'Evaluation', published: true, requiredForCertificate: true } })).id
  const base = { eventId, scheme: 'CN_CME_CLASS_I' as const, mode: 'FIXED' as const, rounding: 'NONE' as const, sources: ['LIVE' as const, 'VENUE' as const] }
  strictRuleId = (await db.creditRule.create({ data: { ...base, nameZh: '严格', nameEn: 'Strict', credits: 3, minAttendedMinutes: 150, requireExamPassed: true, requireEvaluation: true } })).id
  classOneRuleId = (
    await db.creditRule.create({
      data: {
        ...base,
        nameZh: '国家级Ⅰ类学分',
        nameEn: 'National Class I',
        credits: 6,
        minAttendedMinutes: 120,
        requireExamPassed: true,
        projectNumber: '2027-01-01-001(国)',
        projectLevel: 'NATIONAL',
      },
    })
  ).id
})

afterAll(async () => {
  await db.$disconnect()
})

describe('computing a registration credit from the ledger', () => {
  test('explains each criterion with its numbers, from a fresh derivation of the ledger', async () => {
    const { registrationId } = await attendee('王芳', '03:37') // 90 + 52 = 142 minutes of the 180 scheduled
    const snapshot = await computeRegistrationCredit(db, strictRuleId, registrationId, AFTER)
    expect(snapshot.result.scheduledMinutes).toBe(180)
    expect(Math.floor(snapshot.result.attendedMinutes)).toBe(142)
    expect(snapshot.explanation).toBe('attended 142/180 min (need 150) · exam passed · evaluation pending · no credit yet')
    await db.surveyCompletion.create({ data: { surveyId, registrationId } })
    expect((await computeRegistrationCredit(db, strictRuleId, registrationId, AFTER)).explanation).toContain('evaluation completed')
  })

  test('a failed exam keeps the credit at zero', async () => {
    const { registrationId } = await attendee('李强', '04:15', { passed: false })
    const snapshot = await computeRegistrationCredit(db, classOneRuleId, registrationId, AFTER)
    expect(snapshot.result).toMatchObject({ eligible: false, credits: 0 })
    expect(snapshot.explanation).toBe('attended 180/180 min (need 120) · exam pending · no credit yet')
  })
})

describe('issuing, verifying, revoking and re-issuing', () => {
  test('issues a signed certificate once, and the code verifies as valid', async () => {
    const { registrationId, userId } = await attendee('赵敏', '04:15')
    const [a, b] = await Promise.all([
      issueCertificate(db, { ruleId: classOneRuleId, registrationId, now: AFTER, keys, actor: staff }),
      issueCertificate(db, { ruleId: classOneRuleId, registrationId, now: AFTER, keys, actor: staff }),
    ])
    const statuses = [a.status, b.status].sort()
    expect(statuses).toEqual(['exists', 'issued'])
    expect(await db.certificate.count({ where: { userId } })).toBe(1)
    const issued = (a.status === 'issued' ? a : b) as Extract<typeof a, { status: 'issued' }>
    expect(issued.credits).toBe(6)
    expect(verifyCertificateCode(keys.publicKey, issued.code)).toMatchObject({ certificateId: issued.certificateId, credits: 6, issuedOn: '2027-03-02', nameHash: hashHolderName('赵敏') })
    const stored = await db.certificate.findUniqueOrThrow({ where: { id: issued.certificateId } })
    expect(stored.criteria).toMatchObject({ ruleId: classOneRuleId, result: { eligible: true, credits: 6 } })

    const verified = await verifyCertificate(db, issued.code, keys)
    expect(verified.outcome).toBe('VALID')
    expect(verified.certificate).toMatchObject({ holderName: '赵敏', credits: 6, status: 'VALID' })
    // No host association on the event yet: the platform's configured issuer.
    expect(verified.certificate).toMatchObject({ issuerZh: '上海市医院协会', issuerEn: 'Shanghai Hospital Association' })
    const host = await db.organisation.upsert({ where: { nameZh: '浙江省医院协会' }, create: { nameZh: '浙江省医院协会', nameEn: 'Zhejiang Hospital Association' }, update: {} })
    await db.eventOrganisation.create({ data: { eventId, organisationId: host.id, role: 'HOST' } })
    expect((await verifyCertificate(db, issued.code, keys)).certificate).toMatchObject({ issuerZh: '浙江省医院协会', issuerEn: 'Zhejiang Hospital Association' })
    // Both look-ups are counted on one row: this certificate, VALID, today.
    expect(await db.certificateVerification.findMany({ where: { certificateId: issued.certificateId }, select: { outcome: true, lookups: true } })).toEqual([{ outcome: 'VALID', lookups: 2 }])

    await revokeCertificate(db, { certificateId: issued.certificateId, reason: 'Attendance record disputed', actor: staff, now: new Date('2027-03-05T00:00:00Z') })
    const revoked = await verifyCertificate(db, issued.code, keys)
    expect(revoked).toMatchObject({ outcome: 'REVOKED', certificate: { revokedAt: '2027-03-05T00:00:00.000Z' } })
    await expect(revokeCertificate(db, { certificateId: issued.certificateId, reason: 'again', actor: staff })).rejects.toMatchObject({ code: 'certificate_revoked' })
    // A revoked certificate is not replaced automatically.
    expect((await issueCertificate(db, { ruleId: classOneRuleId, registrationId, now: AFTER, keys })).status).toBe('exists')
    expect(await db.auditLog.count({ where: { type: 'certificate.revoked', data: { path: ['certificateId'], equals: issued.certificateId } } })).toBe(1)
  })

  test("the date inside the code is the event's calendar day, not UTC's", async () => {
    const { registrationId } = await attendee('孙悦', '04:15')
    // 20:00 UTC on 2 March is 04:00 on 3 March in Shanghai, the event's zone.
    const outcome = await issueCertificate(db, { ruleId: classOneRuleId, registrationId, now: new Date('2027-03-02T20:00:00Z'), keys })
    expect(verifyCertificateCode(keys.publicKey, (outcome as { code: string }).code)).toMatchObject({ issuedOn: '2027-03-03' })
  })

  test('re-issue makes a new version and marks the old one superseded, with a link', async () => {
    const { registrationId, userId } = await attendee('孙丽', '04:15')
    const first = await issueCertificate(db, { ruleId: classOneRuleId, registrationId, now: AFTER, keys })
    if (first.status !== 'issued') throw new Error('expected an issue')
    await db.user.update({ where: { id: userId }, data: { realName: '孙莉' } })
    const second = await reissueCertificate(db, { certificateId: first.certificateId, reason: 'Name corrected', actor: staff, keys, now: AFTER })
    expect(second.version).toBe(2)
    const old = await verifyCertificate(db, first.code, keys)
    expect(old).toMatchObject({ outcome: 'SUPERSEDED', certificate: { supersededByCode: second.code } })
    const fresh = await verifyCertificate(db, second.code, keys)
    expect(fresh).toMatchObject({ outcome: 'VALID', certificate: { holderName: '孙莉' } })
    expect(await db.certificate.count({ where: { userId } })).toBe(2) // never deleted
    await expect(reissueCertificate(db, { certificateId: first.certificateId, reason: 'again', actor: staff, keys })).rejects.toMatchObject({ code: 'certificate_not_current' })
  })

  test('staff override issues against unmet criteria, with the reason in the audit log', async () => {
    const { registrationId } = await attendee('周杰', '02:00', { passed: false })
    expect((await issueCertificate(db, { ruleId: classOneRuleId, registrationId, now: AFTER, keys })).status).toBe('not_eligible')
    const outcome = await issueCertificate(db, { ruleId: classOneRuleId, registrationId, now: AFTER, keys, actor: staff, override: { reason: 'Exam taken on paper at the venue', credits: 6 } })
    expect(outcome.status).toBe('issued')
    const id = (outcome as { certificateId: string }).certificateId
    expect(await db.certificate.findUniqueOrThrow({ where: { id } })).toMatchObject({ overrideReason: 'Exam taken on paper at the venue', credits: 6 })
    const audit = await db.auditLog.findFirstOrThrow({ where: { type: 'certificate.issued_override', data: { path: ['certificateId'], equals: id } } })
    expect(audit).toMatchObject({ ipAddress: '203.0.113.9', data: { overrideReason: 'Exam taken on paper at the venue', eligible: false } })
  })

  test('after the signing key is rotated, certificates signed by the old key still verify', async () => {
    const { registrationId } = await attendee('韩梅', '04:15')
    const outcome = await issueCertificate(db, { ruleId: classOneRuleId, registrationId, now: AFTER, keys })
    const code = (outcome as { code: string }).code
    const next = generateKeyPairSync('ed25519')
    expect((await verifyCertificate(db, code, next)).outcome).toBe('INVALID')
    expect((await verifyCertificate(db, code, { ...next, retiredPublicKeys: [keys.publicKey] })).outcome).toBe('VALID')
  })

  test('a tampered or unknown code is invalid, and the attempt is counted', async () => {
    const invalidLookups = async () =>
      (await db.certificateVerification.aggregate({ where: { scope: INVALID_SCOPE, outcome: 'INVALID', certificateId: null }, _sum: { lookups: true } }))._sum.lookups ?? 0
    const before = await invalidLookups()
    const { registrationId } = await attendee('钱进', '04:15')
    const outcome = await issueCertificate(db, { ruleId: classOneRuleId, registrationId, now: AFTER, keys })
    const code = (outcome as { code: string }).code
    const tampered = code.slice(0, 10) + (code[10] === 'A' ? 'B' : 'A') + code.slice(11)
    expect(await verifyCertificate(db, tampered, keys)).toEqual({ outcome: 'INVALID', certificate: null })
    const otherKey = generateKeyPairSync('ed25519')
    expect((await verifyCertificate(db, code, otherKey)).outcome).toBe('INVALID')
    expect(await invalidLookups()).toBe(before + 2)
    // Bytes PostgreSQL cannot store (a NUL from %00 in the URL) are still just "not valid".
    expect(await verifyCertificate(db, `C1.\u0000${code.slice(3)}`, keys)).toEqual({ outcome: 'INVALID', certificate: null })
  })

  test('look-ups are counted per certificate, outcome and UTC day: one row with a counter, however many arrive at once', async () => {
    const { registrationId } = await attendee('冯蕾', '04:15')
    const { code, certificateId } = (await issueCertificate(db, { ruleId: classOneRuleId, registrationId, now: AFTER, keys })) as { code: string; certificateId: string }
    const day = (iso: string) => new Date(`${iso}T00:00:00Z`)
    await Promise.all(Array.from({ length: 20 }, () => verifyCertificate(db, code, keys, new Date('2027-03-10T23:59:59Z'))))
    await verifyCertificate(db, code, keys, day('2027-03-10'))
    await verifyCertificate(db, code, keys, day('2027-03-11'))
    const rows = await db.certificateVerification.findMany({ where: { certificateId }, orderBy: { day: 'asc' }, select: { day: true, scope: true, outcome: true, lookups: true } })
    expect(rows).toEqual([
      { day: day('2027-03-10'), scope: certificateId, outcome: 'VALID', lookups: 21 },
      { day: day('2027-03-11'), scope: certificateId, outcome: 'VALID', lookups: 1 },
    ])
    // Forged codes, all different: still one row for the day.
    await Promise.all(Array.from({ length: 10 }, (_, i) => verifyCertificate(db, `C1.forged-${i}`, keys, new Date('2027-03-12T08:00:00Z'))))
    expect(await db.certificateVerification.findMany({ where: { day: day('2027-03-12') }, select: { scope: true, certificateId: true, outcome: true, lookups: true } })).toEqual([
      { scope: INVALID_SCOPE, certificateId: null, outcome: 'INVALID', lookups: 10 },
    ])
  })
})

describe('faculty credit', () => {
  test('a speaker earns 2 AMA credits per hour taught', async () => {
    const [speakerUserId] = await createUsers(db, 1, 'faculty')
    const talk = await db.session.findFirstOrThrow({ where: { forumId, titleEn: 'Talk 1' } })
    const speaker = await db.speaker.create({ data: { nameZh: '讲者', nameEn: 'Speaker', userId: speakerUserId! } })
    await db.sessionSpeaker.create({ data: { sessionId: talk.id, speakerId: speaker.id } })
    const rule = await db.creditRule.create({
      data: { eventId, nameZh: '讲者学分', nameEn: 'Faculty credit', audience: 'FACULTY', scheme: 'AMA_PRA_CAT1', mode: 'PER_HOUR', credits: 2, rounding: 'QUARTER_HOUR', sources: ['LIVE'] },
    })
    const outcome = await issueCertificate(db, { ruleId: rule.id, userId: speakerUserId!, now: AFTER, keys })
    expect(outcome).toMatchObject({ status: 'issued', credits: 3 })
  })
})

describe('batches and the job queue', () => {
  test('a batch issues to everyone eligible and counts the rest as skipped', async () => {
    const event = await createEvent(db)
    const ticket = await createTicketType(db, event.id)
    const fid = event.forums[0]!.id
    await db.session.create({ data: { forumId: fid, kind: 'TALK', titleZh: '讲座', titleEn: 'Lecture', startsAt: T('01:00'), endsAt: T('02:00') } })
    const rule = await db.creditRule.create({
      data: { eventId: event.id, nameZh: 'Ⅱ类', nameEn: 'Class II', scheme: 'CN_CME_CLASS_II', mode: 'FIXED', credits: 1, sources: ['LIVE'], minAttendedMinutes: 30 },
    })
    const users = await createUsers(db, 3, 'batch')
    for (const [i, userId] of users.entries()) {
      const r = await db.registration.create({ data: { eventId: event.id, ticketTypeId: ticket.id, userId, status: 'CONFIRMED' } })
      if (i < 2)
        await db.attendanceEvent.createMany({
          data: [
            { registrationId: r.id, forumId: fid, kind: 'VENUE_ENTRY', source: 'VENUE', receivedAt: T('01:00'), nonce: 'a' },
            { registrationId: r.id, forumId: fid, kind: 'VENUE_EXIT', source: 'VENUE', receivedAt: T('02:00'), nonce: 'b' },
          ],
        })
    }
    await db.creditRule.update({ where: { id: rule.id }, data: { sources: ['LIVE', 'VENUE'] } })
    const batch = await createCertificateBatch(db, { eventId: event.id, ruleId: rule.id, actor: staff })
    const done = await runCertificateBatch(db, batch.id, { now: AFTER, keys })
    expect(done).toMatchObject({ status: 'DONE', total: 3, processed: 3, issued: 2, skipped: 1, failed: 0 })
  })

  test('the durable queue (pg-boss) issues automatically once the criteria are met', async () => {
    const { registrationId } = await attendee('吴刚', '04:15')
    process.env.CERTIFICATE_SIGNING_KEY = keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
    resetEnvCache()
    const queue = await startCertificateQueue(db, testDatabaseUrl(), { work: true, pollingIntervalSeconds: 0.5, clock: () => AFTER })
    try {
      await queue.enqueueEvaluation(registrationId)
      let certificate = null
      for (let i = 0; i < 60 && !certificate; i++) {
        certificate = await db.certificate.findFirst({ where: { registrationId, ruleId: classOneRuleId } })
        if (!certificate) await new Promise((r) => setTimeout(r, 250))
      }
      expect(certificate).toMatchObject({ status: 'VALID', credits: 6, issuedById: null })
    } finally {
      await queue.stop()
    }
  }, 30_000)
})

describe('switching a rule off', () => {
  test('an inactive rule takes no batch and issues nothing automatically; switching it on again is audited too', async () => {
    const { setCreditRuleActive } = await import('../../app/services/credits/set-credit-rule-active.server.ts')
    const { evaluateRegistrationCredits } = await import('../../app/services/credits/evaluate-registration-credits.server.ts')
    const rule = await db.creditRule.create({ data: { eventId, nameZh: '临时规则', nameEn: 'Temporary', scheme: 'CUSTOM', mode: 'FIXED', credits: 1, sources: ['LIVE'] } })
    const { registrationId } = await attendee('冯涛', '04:15')
    await setCreditRuleActive(db, { ruleId: rule.id, active: false }, staff)
    await expect(createCertificateBatch(db, { eventId, ruleId: rule.id, actor: staff })).rejects.toMatchObject({ code: 'conflict' })
    await evaluateRegistrationCredits(db, registrationId, AFTER)
    expect(await db.certificate.count({ where: { ruleId: rule.id } })).toBe(0)
    await setCreditRuleActive(db, { ruleId: rule.id, active: true }, staff)
    await evaluateRegistrationCredits(db, registrationId, AFTER)
    expect(await db.certificate.count({ where: { ruleId: rule.id, registrationId } })).toBe(1)
    expect(await db.auditLog.count({ where: { type: { in: ['credit_rule.deactivated', 'credit_rule.activated'] }, data: { path: ['ruleId'], equals: rule.id } } })).toBe(2)
    await db.creditRule.update({ where: { id: rule.id }, data: { active: false } })
  })
})

describe('a staff override', () => {
  test('issues under a rule of this event by e-mail, refuses a non-registrant, a rule of another event and a second one', async () => {
    const { overrideCertificate } = await import('../../app/services/credits/override-certificate.server.ts')
    const rule = await db.creditRule.create({ data: { eventId, nameZh: '补发', nameEn: 'Override', scheme: 'CUSTOM', mode: 'FIXED', credits: 2, sources: ['LIVE'], autoIssue: false } })
    const { registrationId } = await attendee('江河', '01:30')
    const email = (await db.registration.findUniqueOrThrow({ where: { id: registrationId }, select: { user: { select: { email: true } } } })).user.email
    const other = await createEvent(db)
    const foreign = await db.creditRule.create({ data: { eventId: other.id, nameZh: '别的', nameEn: 'Other', scheme: 'CUSTOM', mode: 'FIXED', credits: 1, sources: ['LIVE'] } })
    const [strangerId] = await createUsers(db, 1, 'override')
    const stranger = (await db.user.findUniqueOrThrow({ where: { id: strangerId! } })).email

    await expect(overrideCertificate(db, { eventId, ruleId: foreign.id, email, reason: 'r', actor: staff })).rejects.toMatchObject({ code: 'not_found' })
    await expect(overrideCertificate(db, { eventId, ruleId: rule.id, email: stranger, reason: 'r', actor: staff })).rejects.toMatchObject({ code: 'not_registered' })
    const outcome = await overrideCertificate(db, { eventId, ruleId: rule.id, email: email.toUpperCase(), reason: 'left early for surgery', credits: 1.5, actor: staff })
    expect(outcome.status).not.toBe('exists')
    const certificate = await db.certificate.findFirstOrThrow({ where: { ruleId: rule.id, registrationId } })
    expect(certificate).toMatchObject({ credits: 1.5, overrideReason: 'left early for surgery', status: 'VALID' })
    await expect(overrideCertificate(db, { eventId, ruleId: rule.id, email, reason: 'again', actor: staff })).rejects.toMatchObject({ code: 'certificate_already_issued' })
  })
})

describe('the staff certificate list', () => {
  test('finds a certificate by the holder name, e-mail or certificate number', async () => {
    const { getStaffCredits } = await import('../../app/services/credits/get-staff-credits.server.ts')
    const { registrationId, userId } = await attendee('欧阳明', '04:15')
    const outcome = await issueCertificate(db, { ruleId: classOneRuleId, registrationId, now: AFTER, keys })
    const id = (outcome as { certificateId: string }).certificateId
    const email = (await db.user.findUniqueOrThrow({ where: { id: userId } })).email
    for (const q of ['欧阳', email.toUpperCase(), id.slice(0, 10).toUpperCase()]) {
      const found = await getStaffCredits(db, eventId, q)
      expect(
        found.certificates.map((c) => c.id),
        q,
      ).toEqual([id])
    }
    expect((await getStaffCredits(db, eventId, '没有这个人')).certificates).toEqual([])
  })
})

describe('the periodic sweep', () => {
  test('goes on from where it stopped, so a few at a time it reaches every registration still without a certificate', async () => {
    for (const name of ['甲', '乙', '丙', '丁', '戊']) await attendee(name, '02:00')
    const rules = await db.creditRule.findMany({ where: { eventId, active: true, autoIssue: true, audience: 'ATTENDEE' }, select: { id: true } })
    const expected = new Set<string>()
    for (const rule of rules) {
      const rows = await db.registration.findMany({ where: { eventId, status: 'CONFIRMED', certificates: { none: { ruleId: rule.id, current: true } } }, select: { id: true } })
      for (const r of rows) expected.add(r.id)
    }
    expect(expected.size).toBeGreaterThanOrEqual(5)
    // Every auto-issuing rule of a recently ended event takes part (other tests' events too).
    const sweptRules = await db.creditRule.count({
      where: { active: true, autoIssue: true, audience: 'ATTENDEE', event: { endsAt: { gte: new Date(AFTER.getTime() - 30 * 86_400_000), lte: AFTER } } },
    })
    const seen = new Set<string>()
    for (let sweep = 0; sweep < expected.size + 2; sweep++) {
      const ids = await findRegistrationsToEvaluate(db, AFTER, { limit: 2 })
      expect(ids.length).toBeLessThanOrEqual(2 * sweptRules)
      for (const id of ids) seen.add(id)
    }
    expect([...expected].filter((id) => !seen.has(id))).toEqual([])
  })
})

describe('regulator exports', () => {
  test('PARS lists consenting learners with every field, and the others with reasons', async () => {
    const event = await createEvent(db)
    const ticket = await createTicketType(db, event.id)
    const fid = event.forums[0]!.id
    await db.session.create({ data: { forumId: fid, kind: 'TALK', titleZh: '讲座', titleEn: 'Lecture', startsAt: T('01:00'), endsAt: T('02:00') } })
    const rule = await db.creditRule.create({
      data: { eventId: event.id, nameZh: 'AMA', nameEn: 'AMA', scheme: 'AMA_PRA_CAT1', mode: 'PER_HOUR', credits: 1, rounding: 'QUARTER_HOUR', sources: ['VENUE'] },
    })
    const users = await createUsers(db, 2, 'pars')
    await db.user.update({ where: { id: users[0]! }, data: { realName: 'John Doe', licenseId: 'MD-1', birthMonth: 4, birthDay: 30, creditReportingConsentAt: AFTER } })
    await db.user.update({ where: { id: users[1]! }, data: { realName: 'Jane Roe', boardId: 'B-2' } })
    for (const userId of users) {
      const r = await db.registration.create({ data: { eventId: event.id, ticketTypeId: ticket.id, userId, status: 'CONFIRMED' } })
      await db.attendanceEvent.createMany({
        data: [
          { registrationId: r.id, forumId: fid, kind: 'VENUE_ENTRY', source: 'VENUE', receivedAt: T('01:00'), nonce: 'a' },
          { registrationId: r.id, forumId: fid, kind: 'VENUE_EXIT', source: 'VENUE', receivedAt: T('01:50'), nonce: 'b' },
        ],
      })
      expect((await issueCertificate(db, { ruleId: rule.id, registrationId: r.id, now: AFTER, keys })).status).toBe('issued')
    }
    const file = await exportParsLearners(db, event.id)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(file.body as never)
    expect(book.getWorksheet('Learners')!.getRow(2).values).toEqual([undefined, 'John', 'Doe', 'MD-1', '', 4, 30, 0.75, '2027-03-02'])
    expect(book.getWorksheet('Not reported')!.getRow(2).values).toEqual([undefined, 'Jane Roe', expect.stringContaining('@'), 'No consent to report (未同意上报); No month and day of birth'])

    const csv = await exportCertificatesCsv(db, event.id)
    expect(csv.body.split('\n').filter(Boolean)).toHaveLength(3)
  })

  test('certificates.csv and the staff table name the issuer, show rule names in the staff member’s language and times on the event’s clock', async () => {
    const event = await createEvent(db)
    await db.event.update({ where: { id: event.id }, data: { timeZone: 'America/New_York' } })
    const ticket = await createTicketType(db, event.id)
    const fid = event.forums[0]!.id
    await db.session.create({ data: { forumId: fid, kind: 'TALK', titleZh: '讲座', titleEn: 'Lecture', startsAt: T('01:00'), endsAt: T('02:00') } })
    const rule = await db.creditRule.create({
      data: { eventId: event.id, nameZh: '美国继续教育学分', nameEn: 'US CME credit', scheme: 'AMA_PRA_CAT1', mode: 'PER_HOUR', credits: 1, rounding: 'QUARTER_HOUR', sources: ['VENUE'] },
    })
    const [auto, manual, issuer] = await createUsers(db, 3, 'csvissuer')
    await db.user.update({ where: { id: auto! }, data: { realName: '自动学员' } })
    await db.user.update({ where: { id: manual! }, data: { realName: '人工学员' } })
    await db.user.update({ where: { id: issuer! }, data: { realName: '颁证人甲' } })
    const registrations: string[] = []
    for (const userId of [auto!, manual!]) {
      const r = await db.registration.create({ data: { eventId: event.id, ticketTypeId: ticket.id, userId, status: 'CONFIRMED' } })
      registrations.push(r.id)
    }
    await db.attendanceEvent.createMany({
      data: [
        { registrationId: registrations[0]!, forumId: fid, kind: 'VENUE_ENTRY', source: 'VENUE', receivedAt: T('01:00'), nonce: 'a' },
        { registrationId: registrations[0]!, forumId: fid, kind: 'VENUE_EXIT', source: 'VENUE', receivedAt: T('02:00'), nonce: 'b' },
      ],
    })
    expect((await issueCertificate(db, { ruleId: rule.id, registrationId: registrations[0]!, now: AFTER, keys })).status).toBe('issued')
    const issuedAt = new Date('2027-03-02T15:30:00Z') // 10:30 in New York (EST), 23:30 in Shanghai
    await issueCertificate(db, { ruleId: rule.id, registrationId: registrations[1]!, now: issuedAt, keys, override: { reason: 'Attended on paper', credits: 1 }, actor: { ...staff, userId: issuer! } })
    const rows = (body: string) =>
      body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
        .map((line) => line.split(','))
    const zh = rows((await exportCertificatesCsv(db, event.id, 'zh-CN')).body)
    const en = rows((await exportCertificatesCsv(db, event.id, 'en')).body)
    expect(zh[0]).toEqual([
      '证书编号',
      '版本',
      '状态',
      '姓名',
      '电子邮箱',
      '学分规则',
      '学分类别',
      '项目编号',
      '学分',
      '颁发时间',
      '颁发人',
      '人工颁发原因',
      '撤销时间',
      '撤销人',
      '撤销原因',
      '新版本证书编号',
      '验证码',
      '时区',
    ])
    expect(en[0]!.slice(0, 11)).toEqual(['Certificate ID', 'Version', 'Status', 'Name', 'E-mail', 'Credit rule', 'Credit type', 'Project number', 'Credits', 'Issued', 'Issued by'])
    const byName = (table: string[][], name: string) => table.find((r) => r[3] === name)!
    // The issuer by name, never a user id; an automatic issue says so.
    expect(byName(zh, '人工学员').slice(5, 12)).toEqual(['美国继续教育学分', 'AMA PRA 1类学分', '', '1', '2027-03-02 10:30', '颁证人甲', 'Attended on paper'])
    expect(byName(en, '人工学员').slice(2, 11)).toEqual(['Valid', '人工学员', expect.stringContaining('@'), 'US CME credit', 'AMA PRA Category 1 Credit™', '', '1', '2027-03-02 10:30', '颁证人甲'])
    expect(byName(zh, '自动学员').slice(9, 11)).toEqual(['2027-03-01 19:00', '自动颁发'])
    expect(byName(en, '自动学员')[10]).toBe('Automatically')
    expect(zh.slice(1).every((r) => r.at(-1) === 'America/New_York' && !r.includes(issuer!))).toBe(true)
    // The staff table gets the same names.
    const page = await getStaffCredits(db, event.id)
    expect(page.certificates.map((c) => [c.holderName, c.issuedBy]).sort()).toEqual([
      ['人工学员', '颁证人甲'],
      ['自动学员', null],
    ])
  })

  test('the China project report has the five sheets, with the pass list', async () => {
    const file = await exportChinaProjectReport(db, eventId)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(file.body as never)
    expect(book.worksheets.map((w) => w.name)).toEqual(['执行情况', '日程', '考核试题', '学员名单', '合格名单'])
    expect(book.getWorksheet('日程')!.rowCount).toBe(4)
    expect(book.getWorksheet('合格名单')!.rowCount).toBeGreaterThan(1)
  })

  test('a trainee with two valid certificates counts both in the trainee list', async () => {
    const { registrationId } = await attendee('双证学员', '04:15')
    await issueCertificate(db, { ruleId: classOneRuleId, registrationId, now: AFTER, keys })
    await issueCertificate(db, { ruleId: strictRuleId, registrationId, now: AFTER, keys, override: { reason: 'Evaluation on paper', credits: 3 }, actor: staff })
    const book = new ExcelJS.Workbook()
    await book.xlsx.load((await exportChinaProjectReport(db, eventId)).body as never)
    let row: unknown[] = []
    book.getWorksheet('学员名单')!.eachRow((r) => {
      if (r.getCell(1).value === '双证学员') row = (r.values as unknown[]).slice(1)
    })
    expect(row[6]).toBe(9)
    expect(row[7]).toBe('已授予（2 张）')
  })
})

describe('the yearly transcript', () => {
  test('counts only valid certificates of the year, by scheme, against 25 credits', async () => {
    const { registrationId, userId } = await attendee('郑洁', '04:15')
    const first = await issueCertificate(db, { ruleId: classOneRuleId, registrationId, now: AFTER, keys })
    await reissueCertificate(db, { certificateId: (first as { certificateId: string }).certificateId, reason: 'Reprint', actor: staff, keys, now: AFTER })
    const { transcript, years } = await getTranscript(db, userId, 2027)
    expect(years).toEqual([2027])
    expect(transcript).toMatchObject({ chinaTotal: 6, required: 25, met: false, shortfall: 19, totals: { CN_CME_CLASS_I: 6 } })
    expect(transcript.entries).toHaveLength(1) // the superseded version does not count twice
    const page = await getTranscriptPage(db, userId, 2027)
    // Dated by the activity (1 March in Shanghai), not by the day of issue (2 March, AFTER).
    expect(page.rows).toEqual([expect.objectContaining({ dates: '2027-03-01', schemeZh: 'Ⅰ类学分', credits: 6 })])
    const pdf = await renderTranscriptPdf(page)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.length).toBeLessThan(100 * 1024)
  })
})
