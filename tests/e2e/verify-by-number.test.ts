import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { createPrisma, type Db } from '../../app/utils/db.server.ts'
import { hydrated, signedUp } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { createEvent, createTicketType } from '../helpers/fixtures.ts'

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

/** The text of a PDF, read by poppler's pdftotext (an independent reader), as a person reads the paper. */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pdf-text-'))
  try {
    writeFileSync(path.join(dir, 'doc.pdf'), pdf)
    return execFileSync('pdftotext', ['-layout', path.join(dir, 'doc.pdf'), '-'], { encoding: 'utf8' })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A training that ended yesterday whose only criterion is attendance; `userId` attended all of it live. */
async function endedTraining(userId: string) {
  const startsAt = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 30 * 3_600_000)
  const at = (minutes: number) => new Date(startsAt.getTime() + minutes * 60_000)
  const event = await createEvent(db, { startsAt })
  const forumId = event.forums[0]!.id
  await db.forum.update({ where: { id: forumId }, data: { liveStatus: 'ENDED', liveStartedAt: at(0), liveEndedAt: at(60) } })
  await db.session.create({ data: { forumId, kind: 'TALK', titleZh: '院感防控要点', titleEn: 'Infection control', startsAt: at(0), endsAt: at(60) } })
  const ticket = await createTicketType(db, event.id)
  const registration = await db.registration.create({ data: { eventId: event.id, ticketTypeId: ticket.id, userId, status: 'CONFIRMED', confirmedAt: at(-60) } })
  const beats: { kind: 'JOIN' | 'HEARTBEAT' | 'LEAVE'; at: Date }[] = [{ kind: 'JOIN', at: at(0) }]
  for (let t = at(0).getTime() + 30_000; t < at(60).getTime(); t += 30_000) beats.push({ kind: 'HEARTBEAT', at: new Date(t) })
  beats.push({ kind: 'LEAVE', at: at(60) })
  await db.attendanceEvent.createMany({ data: beats.map((b, i) => ({ registrationId: registration.id, forumId, kind: b.kind, source: 'LIVE' as const, receivedAt: b.at, nonce: `num-${i}` })) })
  await db.creditRule.create({
    data: {
      eventId: event.id,
      nameZh: '院感防控Ⅱ类学分',
      nameEn: 'Infection control Class II',
      scheme: 'CN_CME_CLASS_II',
      mode: 'FIXED',
      credits: 1,
      sources: ['LIVE', 'VENUE'],
      minAttendedRatio: 0.8,
    },
  })
  return event
}

/** Types a number and a name into the look-up form, as a person at a desk would, and waits for the answer. */
async function lookUp(page: Page, number: string, name: string) {
  await hydrated(page)
  await page.getByLabel('证书编号').fill(number)
  await page.getByLabel('持证人姓名').fill(name)
  await page.getByTestId('verify-submit').click()
  await page.getByTestId('verify-result').waitFor()
  return page.getByTestId('verify-result')
}

test('a printed certificate number typed into /verify: valid with the family name, revoked once revoked, and a wrong name refused without disclosing anything', async () => {
  // An attendee earns a certificate; the queue issues it when they open "My credits".
  const attendee = await signedUp(browser, baseUrl, 'bynumber')
  const user = await db.user.update({ where: { email: attendee.email }, data: { realName: '林晓雨' }, select: { id: true } })
  const event = await endedTraining(user.id)
  await attendee.page.goto(`${baseUrl}/me/credits`)
  const certificate = attendee.page.locator('[data-testid="certificate"][data-status="VALID"]')
  await certificate.first().waitFor({ timeout: 30_000 })
  const pdfHref = await certificate.first().getByTestId('certificate-pdf').getAttribute('href')
  const pdf = await attendee.page.request.get(`${baseUrl}${pdfHref}`)
  expect(pdf.status()).toBe(200)
  const text = pdfText(await pdf.body())
  await attendee.context.close()

  // The number as printed on the paper, read from the PDF's text.
  const line = text.split('\n').find((l) => l.includes('证书编号'))
  expect(line, text).toBeDefined()
  const printed = line!.match(/\b[0-9A-Z]{8,64}\b/)?.[0]
  expect(printed, line).toBeDefined()
  const stored = await db.certificate.findFirstOrThrow({ where: { userId: user.id, eventId: event.id }, select: { id: true } })
  expect(printed).toBe(stored.id.toUpperCase())

  // Someone at a hospital HR office, not logged in, types it: lower case, in groups of four, with the family name.
  const office = await browser.newContext({ locale: 'zh-CN' })
  const page = await office.newPage()
  expect((await page.goto(`${baseUrl}/verify`))?.status()).toBe(200)
  const typed = printed!.toLowerCase().replace(/(.{4})/g, '$1 ')
  const valid = await lookUp(page, typed, '林')
  expect(await valid.getAttribute('data-outcome')).toBe('VALID')
  expect(await page.getByTestId('verify-status').textContent()).toContain('有效证书')
  expect(await page.getByTestId('verify-number').textContent()).toBe(printed)
  expect(await page.getByTestId('verify-name').textContent()).toBe('林晓雨')
  expect(await page.getByTestId('verify-activity').textContent()).toContain(event.titleZh)
  expect(await page.getByTestId('verify-credits').textContent()).toContain('Ⅱ类学分')
  expect(await page.getByTestId('verify-activity-dates').textContent()).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/)
  expect((await page.getByTestId('verify-issuer').textContent())?.trim()).not.toBe('')

  // A wrong name: the very answer of a number that does not exist, with nothing of the certificate.
  await page.goto(`${baseUrl}/verify`)
  const wrong = await lookUp(page, printed!, '王')
  expect(await wrong.getAttribute('data-outcome')).toBe('INVALID')
  const wrongAnswer = await wrong.innerText()
  expect(wrongAnswer).toContain('未找到与此证书编号和姓名相符的证书')
  const wrongBody = await page.locator('main, body').first().innerText()
  for (const secret of ['林晓雨', event.titleZh, '院感防控', '有效', '撤销']) expect(wrongBody).not.toContain(secret)
  await page.goto(`${baseUrl}/verify`)
  const unknown = await lookUp(page, 'CZZZZZZZZZZZZZZZZZZZZ', '王')
  expect(await unknown.innerText()).toBe(wrongAnswer)

  // The number's own link asks for the name first and shows nothing of the certificate before it.
  await page.goto(`${baseUrl}/verify/${printed}`)
  expect(await page.getByTestId('verify-ask-name').textContent()).toContain(printed!)
  expect(await page.locator('body').innerText()).not.toContain('林晓雨')
  await hydrated(page)
  await page.getByLabel('持证人姓名').fill('林晓雨')
  await page.getByTestId('verify-submit').click()
  await page.locator('[data-testid="verify-result"][data-outcome="VALID"]').waitFor()

  // Staff revoke it with a reason; typed again, the number shows it revoked, with the date and the reason.
  const { revokeCertificate } = await import('../../app/services/credits/revoke-certificate.server.ts')
  await revokeCertificate(db, { certificateId: stored.id, reason: '复核发现签到记录有误', actor: { userId: null, ipAddress: null, userAgent: 'e2e' } })
  await page.goto(`${baseUrl}/verify`)
  const revoked = await lookUp(page, printed!, '林晓雨')
  expect(await revoked.getAttribute('data-outcome')).toBe('REVOKED')
  expect(await page.getByTestId('verify-status').textContent()).toMatch(/此证书已于 \d{4}年\d{1,2}月\d{1,2}日 撤销/)
  expect(await page.getByTestId('verify-revoked-reason').textContent()).toContain('复核发现签到记录有误')
  expect(await page.getByTestId('verify-number').textContent()).toBe(printed)

  // In English too.
  const english = await browser.newContext({ locale: 'en-US' })
  // The platform speaks Chinese first; the language switch's cookie makes it English.
  await english.addCookies([{ name: 'lng', value: encodeURIComponent(btoa(JSON.stringify('en'))), url: baseUrl }])
  const en = await english.newPage()
  await en.goto(`${baseUrl}/verify`)
  await hydrated(en)
  await en.getByLabel('Certificate no.').fill(printed!)
  await en.getByLabel('Holder’s name').fill('林')
  await en.getByTestId('verify-submit').click()
  await en.locator('[data-testid="verify-result"][data-outcome="REVOKED"]').waitFor()
  expect(await en.getByTestId('verify-status').textContent()).toContain('This certificate was revoked on')
  await english.close()
  await office.close()
})
