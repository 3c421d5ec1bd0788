import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { utcToZonedInput } from '../../app/domain/time.ts'
import { createPrisma, type Db } from '../../app/utils/db.server.ts'
import { loggedIn, signedUp } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { BANK_GIFT, examForm, RIGHT } from '../helpers/exam-fixtures.ts'
import { createEvent, createTicketType } from '../helpers/fixtures.ts'
import { decodeQrFromPdf } from '../helpers/qr-from-pdf.ts'

const baseUrl = inject('baseUrl')
let browser: Browser
let db: Db

beforeAll(async () => {
  browser = await launchChromium()
  db = createPrisma(inject('appDatabaseUrl'), 2)
})
afterAll(async () => {
  await browser?.close()
  await db?.$disconnect()
})

/**
 * A training that ended yesterday, with a Class II rule that needs 80% attendance, the exam
 * and the evaluation; `userId` is registered and attended both talks live (a seeded ledger).
 */
async function endedTraining(userId: string) {
  const { importQuestions } = await import('../../app/services/exams/import-questions.server.ts')
  const { saveExam } = await import('../../app/services/exams/save-exam.server.ts')
  const startsAt = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 30 * 3_600_000)
  const at = (minutes: number) => new Date(startsAt.getTime() + minutes * 60_000)
  const event = await createEvent(db, { startsAt })
  const forumId = event.forums[0]!.id
  await db.forum.update({ where: { id: forumId }, data: { liveStatus: 'ENDED', liveStartedAt: at(0), liveEndedAt: at(95) } })
  await db.session.createMany({
    data: [
      { forumId, kind: 'TALK', titleZh: '抗菌药物分级管理', titleEn: 'Tiered management', startsAt: at(0), endsAt: at(45) },
      { forumId, kind: 'TALK', titleZh: '耐药菌防控', titleEn: 'Resistant organisms', startsAt: at(50), endsAt: at(95) },
    ],
  })
  const ticket = await createTicketType(db, event.id)
  const registration = await db.registration.create({ data: { eventId: event.id, ticketTypeId: ticket.id, userId, status: 'CONFIRMED', confirmedAt: at(-60) } })
  const beats = [{ kind: 'JOIN' as const, at: at(0) }]
  for (let t = at(0).getTime() + 30_000; t < at(95).getTime(); t += 30_000) beats.push({ kind: 'HEARTBEAT' as never, at: new Date(t) })
  beats.push({ kind: 'LEAVE' as never, at: at(95) })
  await db.attendanceEvent.createMany({ data: beats.map((b, i) => ({ registrationId: registration.id, forumId, kind: b.kind, source: 'LIVE' as const, receivedAt: b.at, nonce: `path-${i}` })) })
  await db.creditRule.create({
    data: {
      eventId: event.id,
      nameZh: '市级继续医学教育项目',
      nameEn: 'Municipal CME project',
      scheme: 'CN_CME_CLASS_II',
      mode: 'FIXED',
      credits: 2,
      sources: ['LIVE', 'VENUE'],
      minAttendedRatio: 0.8,
      requireExamPassed: true,
      requireEvaluation: true,
      projectNumber: 'E2E-2026-001',
      projectLevel: 'MUNICIPAL',
    },
  })
  const { questionIds } = await importQuestions(db, { eventId: event.id, format: 'gift', text: BANK_GIFT, difficulty: 'MEDIUM', tags: [] })
  const zone = 'Asia/Shanghai'
  const exam = await saveExam(db, {
    eventId: event.id,
    form: examForm({ questionIds, opensAt: utcToZonedInput(at(100), zone), closesAt: utcToZonedInput(new Date(Date.now() + 7 * 86_400_000), zone) }),
  })
  const survey = await db.survey.create({
    data: {
      eventId: event.id,
      titleZh: '培训满意度调查',
      titleEn: 'Evaluation',
      published: true,
      requiredForCertificate: true,
      questions: { create: [{ position: 0, type: 'LIKERT', textZh: '总体满意度', textEn: 'Overall satisfaction' }] },
    },
  })
  return { slug: event.slug, examId: (exam as { id: string }).id, surveyId: survey.id }
}

test('the full path in the browser: an attendee who attended takes and passes the exam, completes the evaluation, and gets a certificate that verifies', async () => {
  const attendee = await signedUp(browser, baseUrl, 'certpath')
  const { id: userId } = await db.user.findUniqueOrThrow({ where: { email: attendee.email }, select: { id: true } })
  const { slug, examId, surveyId } = await endedTraining(userId)
  const page = attendee.page

  // Before: the credit page explains what is missing.
  await page.goto(`${baseUrl}/me/credits`)
  const rule = page.getByTestId('credit-rule').filter({ hasText: '市级继续医学教育项目' })
  await expect.poll(() => rule.textContent()).toContain('已参加 90/90 分钟（100%，需 80%）')
  expect(await page.locator('[data-testid="certificate"]').count()).toBe(0)

  // The exam, answered as someone who knows the material.
  await page.goto(`${baseUrl}/events/${slug}/exams/${examId}`)
  page.once('dialog', (dialog) => void dialog.accept())
  await page.getByTestId('start-exam').click()
  await page.waitForURL(/\/attempts\/[a-z0-9]+$/)
  const questions = page.getByTestId('exam-question')
  await questions.first().waitFor()
  for (let i = 0; i < (await questions.count()); i++) {
    const q = questions.nth(i)
    const text = (await q.locator('.exam-text-block').innerText()).trim()
    const key = RIGHT[text]
    if (!key) throw new Error(`no key for ${text}`)
    if (key.option) await q.locator('.exam-option', { hasText: key.option }).click()
    else if (key.options) for (const o of key.options) await q.locator('.exam-option', { hasText: o }).click()
    else if (key.answer !== undefined) await q.locator('.exam-option', { hasText: key.answer ? '正确' : '错误' }).click()
    else {
      await q.locator('input.exam-text').fill(key.text!)
      await q.locator('input.exam-text').blur()
    }
    await page.getByTestId(`save-state-${i}`).filter({ hasText: '已保存' }).waitFor()
  }
  page.once('dialog', (dialog) => void dialog.accept())
  await page.getByTestId('submit-exam').click()
  await page.getByTestId('exam-result').waitFor()
  expect(await page.getByTestId('exam-passed').innerText()).toBe('通过')

  // The evaluation.
  await page.goto(`${baseUrl}/events/${slug}/surveys/${surveyId}`)
  await page.locator('.likert input[value="5"]').check()
  await page.getByTestId('submit-survey').click()
  await page.getByTestId('survey-done').waitFor()

  // The queue issues the certificate; the credit page shows it.
  await page.goto(`${baseUrl}/me/credits`)
  const certificate = page.locator('[data-testid="certificate"][data-status="VALID"]')
  await certificate.first().waitFor({ timeout: 30_000 })
  const pdfHref = await certificate.first().getByTestId('certificate-pdf').getAttribute('href')
  const pdf = await page.request.get(`${baseUrl}${pdfHref}`)
  expect(pdf.status()).toBe(200)
  const url = decodeQrFromPdf(await pdf.body())
  const verifier = await browser.newContext({ locale: 'zh-CN' })
  const check = await verifier.newPage()
  expect((await check.goto(url!))?.status()).toBe(200)
  expect(await check.getByTestId('verify-result').getAttribute('data-outcome')).toBe('VALID')
  expect(await check.getByTestId('verify-name').textContent()).toBe('测试certpath')
  await verifier.close()
  await attendee.context.close()
})

test('the demo attendee gets a certificate whose QR verifies as valid, and revoking it flips the page', async () => {
  // The attendee: attended the archived training (seeded ledger), passed the exam, completed the evaluation.
  const attendee = await loggedIn(browser, baseUrl, 'attendee@demo.cme-forum.org')
  await attendee.page.goto(`${baseUrl}/me/credits`)
  await expect.poll(() => attendee.page.getByTestId('credit-rule').first().textContent()).toContain('考核已通过')
  // The job queue issues it; the page refreshes itself while it waits.
  const certificate = attendee.page.locator('[data-testid="certificate"][data-status="VALID"]')
  await certificate.first().waitFor({ timeout: 30_000 })
  const pdfHref = await certificate.first().getByTestId('certificate-pdf').getAttribute('href')
  const pdf = await attendee.page.request.get(`${baseUrl}${pdfHref}`)
  expect(pdf.status()).toBe(200)
  expect(pdf.headers()['content-type']).toBe('application/pdf')
  const bytes = await pdf.body()
  expect(bytes.length).toBeLessThan(100 * 1024)

  // A second context, not logged in: render the PDF to an image, decode the QR independently, open it.
  const url = decodeQrFromPdf(bytes)
  expect(url).toMatch(new RegExp(`^${baseUrl}/verify/C1\\.[A-Za-z0-9_-]+$`))
  const verifier = await browser.newContext({ locale: 'zh-CN' })
  const page = await verifier.newPage()
  const response = await page.goto(url!)
  expect(response?.status()).toBe(200)
  await expect.poll(() => page.getByTestId('verify-result').getAttribute('data-outcome')).toBe('VALID')
  expect(await page.getByTestId('verify-status').textContent()).toContain('有效证书')
  expect(await page.getByTestId('verify-name').textContent()).toBe('陈静')

  // A tampered code is a plain "not a valid certificate" page with a 404, not an error page.
  const code = url!.split('/verify/')[1]!
  const tampered = code.slice(0, 12) + (code[12] === 'A' ? 'B' : 'A') + code.slice(13)
  const bad = await page.goto(`${baseUrl}/verify/${tampered}`)
  expect(bad?.status()).toBe(404)
  expect(await page.getByTestId('verify-result').getAttribute('data-outcome')).toBe('INVALID')
  expect(await page.textContent('body')).toContain('这不是有效的证书')

  // Staff revoke it with a reason; the verify page now says revoked.
  const staff = await loggedIn(browser, baseUrl, 'staff@demo.cme-forum.org')
  await staff.page.goto(`${baseUrl}/staff/credits`)
  await staff.page.getByRole('link', { name: '抗菌药物临床合理应用师资培训班（春季班）' }).click()
  const row = staff.page.locator('tr[data-email="attendee@demo.cme-forum.org"][data-status="VALID"]')
  await row.getByRole('textbox', { name: '原因' }).first().fill('复核发现签到记录有误')
  await row.getByTestId('revoke').click()
  await staff.page.locator('tr[data-email="attendee@demo.cme-forum.org"][data-status="REVOKED"]').waitFor()

  await page.goto(url!)
  await expect.poll(() => page.getByTestId('verify-result').getAttribute('data-outcome')).toBe('REVOKED')
  expect(await page.getByTestId('verify-status').textContent()).toContain('已于')

  // The public key is published for offline checks, as PEM and as a JWK.
  const pem = await fetch(`${baseUrl}/.well-known/certificate-signing-key`)
  expect(await pem.text()).toMatch(/^-----BEGIN PUBLIC KEY-----/)
  const jwk = (await (await fetch(`${baseUrl}/.well-known/certificate-signing-key?format=jwk`)).json()) as { keys: { kty: string; crv: string }[] }
  expect(jwk.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519' })

  // The demo training has China CME rules only: no ACCME PARS consent is asked (issue 14;
  // giving it where an AMA rule applies is in tests/e2e/credit-pages.test.ts).
  await attendee.page.goto(`${baseUrl}/me/credits`)
  await attendee.page.getByTestId('credit-rule').first().waitFor()
  expect(await attendee.page.getByTestId('ama-consent').count()).toBe(0)
  expect(await attendee.page.getByRole('button', { name: '同意上报' }).count()).toBe(0)

  await attendee.context.close()
  await staff.context.close()
  await verifier.close()
})
