import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { isValidReference } from '../../app/domain/transfer-reference.ts'
import { createPrisma, type Db } from '../../app/utils/db.server.ts'
import { hydrated, loggedIn, signedUp } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { createEvent, createTicketType } from '../helpers/fixtures.ts'
import { waitForMail } from '../helpers/smtp-sink.ts'

const baseUrl = inject('baseUrl')
const mailboxDir = inject('mailboxDir')
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

test('paying by bank transfer: staff set the account, the attendee registers and sees the reference, staff import the bank statement, the ticket is confirmed', async () => {
  const event = await createEvent(db)
  await createTicketType(db, event.id, { priceNonMember: 80000, quota: 50 })

  // Staff set the association's account on the event's payments page.
  const staff = await loggedIn(browser, baseUrl, 'staff@demo.cme-forum.org')
  await staff.page.goto(`${baseUrl}/staff/events/${event.id}`)
  await staff.page.getByRole('link', { name: '收款：对公转账与发票' }).click()
  await staff.page.waitForURL(`**/staff/events/${event.id}/payments`)
  await hydrated(staff.page)
  const accountForm = staff.page.getByTestId('account-form')
  await accountForm.getByLabel('接受对公转账').check()
  await accountForm.getByLabel('户名').fill('中华医学会')
  await accountForm.getByLabel('开户行').fill('中国工商银行北京东四支行')
  await accountForm.getByLabel('账号').fill('0200 0010 0901 4412 345')
  await accountForm.getByRole('button', { name: '保存账户' }).click()
  await expect.poll(() => staff.page.getByTestId('payments-reply').textContent()).toContain('收款账户已保存。')

  // The attendee registers, choosing the bank transfer, and sees what to pay where.
  const attendee = await signedUp(browser, baseUrl, 'transfer')
  await attendee.page.goto(`${baseUrl}/events/${event.slug}/register`)
  await attendee.page.getByLabel('对公转账（单位汇款）').check()
  await attendee.page.getByRole('button', { name: '提交报名' }).click()
  await attendee.page.getByTestId('transfer-reference').waitFor()
  expect(await attendee.page.getByTestId('ticket-status').getAttribute('data-status')).toBe('PENDING_PAYMENT')
  expect(await attendee.page.getByTestId('account-number').innerText()).toBe('0200001009014412345')
  expect(await attendee.page.getByTestId('account-name').innerText()).toBe('中华医学会')
  expect(await attendee.page.getByTestId('transfer-amount').innerText()).toContain('800.00')
  const reference = await attendee.page.getByTestId('transfer-reference').innerText()
  expect(isValidReference(reference)).toBe(true)
  // No card checkout is offered while the transfer is awaited.
  expect(await attendee.page.getByTestId('pay-now').count()).toBe(0)
  // The same details reach the attendee by mail, over SMTP.
  const instructions = await waitForMail(mailboxDir, attendee.email, (m) => m.subject.startsWith('请完成对公转账'))
  expect(instructions.text).toContain(reference)
  expect(instructions.text).toContain('0200001009014412345')

  // Staff import the statement their bank exported: one exact match, one line of someone else's.
  const statement = ['交易日期,贷方金额,对方户名,附言', `2026-12-02,800.00,北京协和医院,会议注册费 ${reference}`, '2026-12-02,300.00,某公司,货款'].join('\r\n')
  await staff.page.reload()
  await hydrated(staff.page)
  await staff.page
    .getByTestId('statement-form')
    .locator('input[name="statement"]')
    .setInputFiles({ name: 'statement.csv', mimeType: 'text/csv', buffer: Buffer.from(statement) })
  await staff.page.getByRole('button', { name: '预览匹配结果' }).click()
  await staff.page.getByTestId('statement-preview').waitFor()
  expect(await staff.page.getByTestId('statement-summary').innerText()).toContain('完全匹配 1')
  expect(await staff.page.locator('tr[data-outcome="unmatched"]').count()).toBe(1)
  // Nothing is confirmed by the preview alone.
  expect((await db.bankTransfer.findUniqueOrThrow({ where: { reference } })).status).toBe('AWAITING')
  await staff.page.getByTestId('statement-confirm').click()
  await expect.poll(() => staff.page.getByTestId('payments-reply').textContent()).toContain('已确认 1 笔转账、1 条报名。')

  // The attendee's ticket is confirmed, with its QR code.
  await attendee.page.reload()
  expect(await attendee.page.getByTestId('ticket-status').getAttribute('data-status')).toBe('CONFIRMED')
  expect(await attendee.page.getByTestId('transfer').getAttribute('data-status')).toBe('RECEIVED')
  expect(await attendee.page.locator('.qr svg').count()).toBe(1)
  // And the confirmation mail with the ticket link reaches the attendee.
  const confirmed = await waitForMail(mailboxDir, attendee.email, (m) => m.subject.startsWith('报名成功'))
  expect(confirmed.subject).toContain(`报名成功：${event.titleZh}`)
  expect(confirmed.text).toMatch(/\/tickets\/[a-z0-9]+/)

  // A fapiao: a taxpayer id with a wrong check character is refused in words; a right one is recorded.
  await hydrated(attendee.page)
  await attendee.page.getByText('申请发票').first().click()
  const fapiao = attendee.page.getByTestId('fapiao')
  await fapiao.getByLabel('发票抬头（单位名称）').fill('北京协和医院')
  await fapiao.getByLabel('纳税人识别号（统一社会信用代码）').fill('91350100M000100Y44')
  await fapiao.getByLabel('接收邮箱').fill('finance@example.org')
  await fapiao.locator('button[type="submit"]').click()
  await expect.poll(() => attendee.page.getByTestId('fapiao').textContent()).toContain('统一社会信用代码不正确')
  await fapiao.getByLabel('纳税人识别号（统一社会信用代码）').fill('91350100M000100Y43')
  await fapiao.locator('button[type="submit"]').click()
  await expect.poll(() => attendee.page.getByTestId('fapiao-state').textContent()).toBe('已申请')

  await attendee.context.close()
  await staff.context.close()
})
