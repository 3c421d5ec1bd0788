import { generateKeyPairSync } from 'node:crypto'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { createPrisma, type Db } from '../../app/utils/db.server.ts'
import { hydrated, loggedIn, signedUp } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { createEvent, createTicketType } from '../helpers/fixtures.ts'

/**
 * Issue 14: the credit pages tell the truth at once. A certificate being issued turns into an
 * issued one without a reload; the AMA consent is asked only where an AMA rule applies; a
 * revoked certificate, a re-issued one and a rule switched off read as such; a batch says why
 * it skipped each person.
 */
const baseUrl = inject('baseUrl')
const keys = generateKeyPairSync('ed25519')
const staffActor = { userId: null, ipAddress: '203.0.113.9', userAgent: 'vitest' }
let browser: Browser
let db: Db

beforeAll(async () => {
  browser = await launchChromium()
  db = createPrisma(inject('appDatabaseUrl'), 3)
})
afterAll(async () => {
  await browser?.close()
  await db?.$disconnect()
})

/**
 * An event whose one talk ended two hours ago but which itself runs until tonight (so the
 * periodic sweep, which looks at ended events, leaves it alone): `userId` is registered and
 * was at the venue for the whole talk.
 */
async function eventWithAttendee(userId: string) {
  const startsAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 4 * 3_600_000)
  const at = (minutes: number) => new Date(startsAt.getTime() + minutes * 60_000)
  const event = await createEvent(db, { startsAt })
  const forumId = event.forums[0]!.id
  await db.session.create({ data: { forumId, kind: 'TALK', titleZh: '院感防控', titleEn: 'Infection control', startsAt: at(60), endsAt: at(120) } })
  const ticket = await createTicketType(db, event.id)
  const registration = await db.registration.create({ data: { eventId: event.id, ticketTypeId: ticket.id, userId, status: 'CONFIRMED', confirmedAt: at(0) } })
  await db.attendanceEvent.createMany({
    data: [
      { registrationId: registration.id, forumId, kind: 'VENUE_ENTRY', source: 'VENUE', receivedAt: at(55), nonce: 'in' },
      { registrationId: registration.id, forumId, kind: 'VENUE_EXIT', source: 'VENUE', receivedAt: at(125), nonce: 'out' },
    ],
  })
  return { eventId: event.id, registrationId: registration.id }
}

const rule = (eventId: string, nameZh: string, scheme: 'CN_CME_CLASS_II' | 'AMA_PRA_CAT1' = 'CN_CME_CLASS_II') =>
  db.creditRule.create({ data: { eventId, nameZh, nameEn: nameZh, scheme, mode: 'FIXED', credits: 1, sources: ['LIVE', 'VENUE'], minAttendedMinutes: 30 } })

test('a certificate being issued turns into an issued one on the open page, without a reload', async () => {
  const attendee = await signedUp(browser, baseUrl, 'pending')
  const { id: userId } = await db.user.findUniqueOrThrow({ where: { email: attendee.email }, select: { id: true } })
  const { eventId } = await eventWithAttendee(userId)
  const { id: ruleId } = await rule(eventId, '待签发学分')
  const page = attendee.page

  // Hold the rule's row: the queue's certificate insert (its foreign key check) waits behind
  // it, so the certificate stays pending for as long as the test says.
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let locked!: () => void
  const isLocked = new Promise<void>((resolve) => (locked = resolve))
  const holding = db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "CreditRule" WHERE id = ${ruleId} FOR UPDATE`
      locked()
      await released
    },
    { timeout: 60_000 },
  )
  await isLocked

  let documents = 0
  page.on('request', (request) => {
    if (request.resourceType() === 'document') documents++
  })
  const dataRequests: string[] = []
  page.on('request', (request) => {
    if (request.url().includes('/me/credits.data')) dataRequests.push(request.url())
  })
  const response = await page.goto(`${baseUrl}/me/credits`)
  expect(await response!.text()).toContain('data-standing="issuing"')
  await hydrated(page)
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true))
  const row = page.getByTestId('credit-rule').filter({ hasText: '待签发学分' })
  expect(await row.getAttribute('data-standing')).toBe('issuing')
  expect(await row.textContent()).toContain('条件已满足，证书签发中…')
  expect(await page.getByTestId('auto-refresh').count()).toBe(1)
  // The page asks again by itself while it waits, and still says "being issued".
  await expect.poll(() => dataRequests.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2)
  expect(await row.getAttribute('data-standing')).toBe('issuing')
  expect(await page.locator('[data-testid="certificate"]').count()).toBe(0)

  release()
  await holding
  await page.locator('[data-testid="certificate"][data-status="VALID"]').waitFor({ timeout: 30_000 })
  await expect.poll(() => row.getAttribute('data-standing')).toBe('issued')
  expect(await row.textContent()).toMatch(/证书已于 .+ 签发/)
  expect(await row.textContent()).not.toContain('签发中')
  // The same document all along: one document request (the first), and the marker survives.
  expect(documents).toBe(1)
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true)
  // Nothing is pending any more, so the polling stops.
  expect(await page.getByTestId('auto-refresh').count()).toBe(0)
  const settled = dataRequests.length
  await page.waitForTimeout(5_000)
  expect(dataRequests.length).toBe(settled)
  await attendee.context.close()
})

test('the AMA consent is asked only of someone an AMA rule applies to', async () => {
  const attendee = await signedUp(browser, baseUrl, 'noama')
  const { id: userId } = await db.user.findUniqueOrThrow({ where: { email: attendee.email }, select: { id: true } })
  const { eventId } = await eventWithAttendee(userId)
  await db.creditRule.create({ data: { eventId, nameZh: 'Ⅱ类学分', nameEn: 'Class II', scheme: 'CN_CME_CLASS_II', mode: 'FIXED', credits: 1, sources: ['LIVE', 'VENUE'], autoIssue: false } })
  const page = attendee.page
  await page.goto(`${baseUrl}/me/credits`)
  await page.getByTestId('credit-rule').first().waitFor()
  expect(await page.getByTestId('ama-consent').count()).toBe(0)
  expect(await page.textContent('body')).not.toContain('ACCME')
  // Met, but this rule is issued by staff: the page says so rather than "being issued".
  expect(await page.getByTestId('credit-rule').first().getAttribute('data-standing')).toBe('awaitingStaff')

  // The same person at an event with an AMA PRA rule: now the consent is asked, and can be given.
  await db.creditRule.create({ data: { eventId, nameZh: 'AMA PRA', nameEn: 'AMA PRA', scheme: 'AMA_PRA_CAT1', mode: 'PER_HOUR', credits: 1, sources: ['LIVE', 'VENUE'], autoIssue: false } })
  await page.goto(`${baseUrl}/me/credits`)
  await page.getByTestId('ama-consent').waitFor()
  expect(await page.getByTestId('ama-consent').textContent()).toContain('ACCME PARS')
  await hydrated(page)
  await page.getByRole('button', { name: '同意上报' }).click()
  await page.getByRole('button', { name: '撤回同意' }).waitFor()
  await attendee.context.close()
})

test('a revoked certificate, a re-issued one and a rule switched off read as such, for the attendee and for staff; a batch says why it skipped', async () => {
  const { issueCertificate } = await import('../../app/services/credits/issue-certificate.server.ts')
  const { revokeCertificate } = await import('../../app/services/credits/revoke-certificate.server.ts')
  const { reissueCertificate } = await import('../../app/services/credits/reissue-certificate.server.ts')
  const { setCreditRuleActive } = await import('../../app/services/credits/set-credit-rule-active.server.ts')
  const { createCertificateBatch, runCertificateBatch } = await import('../../app/services/credits/run-certificate-batch.server.ts')
  const attendee = await signedUp(browser, baseUrl, 'states')
  const { id: userId } = await db.user.findUniqueOrThrow({ where: { email: attendee.email }, select: { id: true } })
  const { eventId, registrationId } = await eventWithAttendee(userId)
  const revokedRule = await rule(eventId, '撤销的学分')
  const reissuedRule = await rule(eventId, '重发的学分')
  const offRule = await rule(eventId, '停用的学分')
  const issue = async (ruleId: string) => {
    const outcome = await issueCertificate(db, { ruleId, registrationId, keys })
    if (outcome.status !== 'issued') throw new Error(`fixture: not issued (${outcome.status})`)
    return outcome.certificateId
  }
  const revokedId = await issue(revokedRule.id)
  await revokeCertificate(db, { certificateId: revokedId, reason: '复核发现签到记录有误', actor: staffActor })
  const v1 = await issue(reissuedRule.id)
  const v2 = await reissueCertificate(db, { certificateId: v1, reason: '姓名更正', actor: staffActor, keys })
  await issue(offRule.id)
  await setCreditRuleActive(db, { ruleId: offRule.id, active: false }, staffActor)

  const page = attendee.page
  await page.goto(`${baseUrl}/me/credits`)
  const row = (name: string) => page.getByTestId('credit-rule').filter({ hasText: name })
  await row('撤销的学分').waitFor()
  expect(await row('撤销的学分').getAttribute('data-standing')).toBe('revoked')
  expect(await row('撤销的学分').textContent()).toMatch(/证书已于 .+ 撤销，原因：复核发现签到记录有误/)
  expect(await row('撤销的学分').textContent()).not.toContain('签发')
  expect(await row('重发的学分').getAttribute('data-standing')).toBe('issued')
  expect(await row('停用的学分').getAttribute('data-standing')).toBe('issued')
  expect(await row('停用的学分').textContent()).toContain('此学分规则已停用，不再签发新证书，已签发的证书仍然有效')

  const revokedItem = page.locator('[data-testid="certificate"]', { hasText: '撤销的学分' })
  expect(await revokedItem.getAttribute('data-status')).toBe('REVOKED')
  expect(await revokedItem.textContent()).toMatch(/已撤销 · 已于 .+ 撤销，原因：复核发现签到记录有误/)
  const oldVersion = page.locator('[data-testid="certificate"][data-status="SUPERSEDED"]', { hasText: '重发的学分' })
  expect(await oldVersion.textContent()).toMatch(/已于 .+ 被第 2 版替换/)
  const v2Code = (await db.certificate.findUniqueOrThrow({ where: { id: v2.certificateId }, select: { code: true } })).code
  expect(await oldVersion.getByTestId('new-version').getAttribute('href')).toBe(`/verify/${v2Code}`)
  expect(await page.locator('[data-testid="certificate"]', { hasText: '停用的学分' }).textContent()).toContain('学分规则已停用（本证书仍然有效）')
  // None of these rules is AMA: no consent box.
  expect(await page.getByTestId('ama-consent').count()).toBe(0)

  // Staff see the same states in the certificate table, and the reasons of a batch.
  const batch = await createCertificateBatch(db, { eventId, ruleId: reissuedRule.id, actor: staffActor })
  await runCertificateBatch(db, batch.id, { keys })
  const staff = await loggedIn(browser, baseUrl, 'staff@demo.cme-forum.org')
  await staff.page.goto(`${baseUrl}/staff/events/${eventId}/credits`)
  const table = staff.page.getByTestId('staff-certificates')
  await table.waitFor()
  expect(await table.locator('tr[data-status="REVOKED"]').textContent()).toMatch(/已于 .+ 撤销，原因：复核发现签到记录有误/)
  expect(await table.locator('tr[data-status="SUPERSEDED"]').getByTestId('new-version').getAttribute('href')).toBe(`/verify/${v2Code}`)
  const shownBatch = staff.page.getByTestId('batch').first()
  expect(await shownBatch.textContent()).toContain('跳过 1')
  await shownBatch.locator('summary').click()
  expect(await shownBatch.getByTestId('skip-counts').textContent()).toContain('已有有效证书 1')
  expect(await shownBatch.getByTestId('skip').textContent()).toContain('测试states')
  expect(await shownBatch.getByTestId('skip').textContent()).toContain('已有有效证书')

  await staff.context.close()
  await attendee.context.close()
})
