import { readFile } from 'node:fs/promises'
import { hash } from '@node-rs/argon2'
import PDFDocument from 'pdfkit'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { isValidReference } from '../../app/domain/transfer-reference.ts'
import { createPrisma, type Db } from '../../app/utils/db.server.ts'
import { startBrowserAppServer, type BrowserAppServer } from '../helpers/browser-app-server.ts'
import { hydrated, loggedIn, signedUp } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { createEvent, createTicketType } from '../helpers/fixtures.ts'
import { waitForMail } from '../helpers/smtp-sink.ts'

/**
 * The association takes its fees by bank transfer only: this file runs a server of its own
 * without Stripe (the run's shared server has a fake Stripe configured), so what the attendee
 * is offered is what an installation without card payments offers.
 */
let app: BrowserAppServer
let browser: Browser
let db: Db
const STAFF = { email: 'payments-staff@test.cme-forum.org', password: 'a-staff-password-for-tests' }

beforeAll(async () => {
  ;[app, browser] = await Promise.all([startBrowserAppServer('transfer', { STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '', STRIPE_API_BASE: '' }), launchChromium()])
  db = createPrisma(app.databaseUrl, 2)
  await db.user.create({ data: { email: STAFF.email, passwordHash: await hash(STAFF.password), role: 'STAFF', realName: '吴婷', institution: '中华医学会' } })
})
afterAll(async () => {
  await browser?.close()
  await db?.$disconnect()
  await app?.stop()
})

/** A small real PDF, as the tax bureau's platform hands one out. */
function fapiaoPdf(invoiceNumber: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A5', info: { Title: `Fapiao ${invoiceNumber}` } })
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    doc.fontSize(14).text(`VAT special invoice No. ${invoiceNumber}`)
    doc.end()
  })
}

test('with Stripe unconfigured: the attendee registers for a paid ticket by bank transfer, staff import the statement, the ticket is confirmed, a special fapiao is requested, issued with its PDF and downloaded', async () => {
  const { baseUrl, mailboxDir } = app
  const event = await createEvent(db)
  await createTicketType(db, event.id, { priceNonMember: 80000, quota: 50 })
  const attendee = await signedUp(browser, baseUrl, 'transfer', mailboxDir)

  // Without card payments and before staff set an account, the paid ticket can't be bought, and the page says why.
  await attendee.page.goto(`${baseUrl}/events/${event.slug}/register`)
  expect(await attendee.page.getByTestId('ticket-0').locator('input[name="ticketTypeId"]').isDisabled()).toBe(true)
  expect(await attendee.page.getByTestId('payments-off').innerText()).toContain('在线支付尚未配置')
  expect(await attendee.page.getByTestId('payment-method').count()).toBe(0)

  // Staff set the association's account on the event's payments page.
  const staff = await loggedIn(browser, baseUrl, STAFF.email, STAFF.password)
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

  // Now the ticket is on sale, and the transfer is the one way to pay: no card option is offered.
  await attendee.page.reload()
  const method = attendee.page.getByTestId('payment-method')
  await method.waitFor()
  expect(await method.locator('input[name="paymentMethod"]').evaluateAll((inputs) => inputs.map((i) => [(i as HTMLInputElement).value, (i as HTMLInputElement).checked]))).toEqual([['transfer', true]])
  expect(await attendee.page.getByText('在线支付（银行卡、支付宝、微信）').count()).toBe(0)
  expect(await attendee.page.getByTestId('payments-off').count()).toBe(0)
  expect(await attendee.page.getByTestId('ticket-0').locator('input[name="ticketTypeId"]').isChecked()).toBe(true)
  await attendee.page.getByRole('button', { name: '提交报名' }).click()

  // The attendee sees what to pay where, with the reference for the transfer's remark.
  await attendee.page.getByTestId('transfer-reference').waitFor()
  expect(await attendee.page.getByTestId('ticket-status').getAttribute('data-status')).toBe('PENDING_PAYMENT')
  expect(await attendee.page.getByTestId('account-number').innerText()).toBe('0200001009014412345')
  expect(await attendee.page.getByTestId('account-name').innerText()).toBe('中华医学会')
  expect(await attendee.page.getByTestId('transfer-amount').innerText()).toContain('800.00')
  const reference = await attendee.page.getByTestId('transfer-reference').innerText()
  expect(isValidReference(reference)).toBe(true)
  // No card checkout is offered, nor a second transfer.
  expect(await attendee.page.getByTestId('pay-now').count()).toBe(0)
  expect(await attendee.page.getByTestId('pay-by-transfer').count()).toBe(0)
  // The same details reach the attendee by mail, over SMTP.
  const instructions = await waitForMail(mailboxDir, attendee.email, (m) => m.subject.startsWith('请完成对公转账'))
  expect(instructions.text).toContain(reference)
  expect(instructions.text).toContain('0200001009014412345')

  // While the transfer is awaited, staff can't take the account away from its payer: refused, in words.
  await accountForm.getByLabel('接受对公转账').uncheck()
  await accountForm.getByRole('button', { name: '保存账户' }).click()
  await expect.poll(() => staff.page.getByTestId('account-in-use').textContent()).toContain('还有 1 笔转账在等待到账')
  expect(await db.eventBankAccount.count({ where: { eventId: event.id } })).toBe(1)

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

  // The attendee asks for a special VAT invoice (专用发票), with the buyer's address, phone, bank and account.
  await hydrated(attendee.page)
  await attendee.page.getByText('申请发票').first().click()
  const fapiao = attendee.page.getByTestId('fapiao')
  await fapiao.getByLabel('增值税专用发票').check()
  await fapiao.getByLabel('发票抬头（单位名称）').fill('北京协和医院')
  const taxId = fapiao.getByLabel('纳税人识别号（统一社会信用代码）')
  await taxId.fill('91350100M000100Y44')
  await fapiao.getByLabel('接收邮箱').fill('finance@example.org')
  await fapiao.getByLabel('单位地址').fill('北京市东城区帅府园1号')
  await fapiao.getByLabel('电话').fill('010-69156114')
  await fapiao.getByLabel('开户行').fill('中国工商银行北京王府井支行')
  await fapiao.getByLabel('银行账号').fill('0200000709014405678')
  await fapiao.locator('button[type="submit"]').click()
  // A taxpayer id with a wrong check character is refused, in Chinese, under its field; nothing is recorded.
  await expect.poll(() => taxId.getAttribute('aria-invalid')).toBe('true')
  expect(await fapiao.getByRole('alert').allInnerTexts()).toEqual(['统一社会信用代码不正确：应为 18 位，且校验位须正确。'])
  expect(await db.fapiaoRequest.count({ where: { eventId: event.id } })).toBe(0)
  // Corrected, the request is recorded as a special invoice with everything the tax bureau's form asks for.
  await taxId.fill('91350100M000100Y43')
  await fapiao.locator('button[type="submit"]').click()
  await expect.poll(() => attendee.page.getByTestId('fapiao-state').textContent()).toBe('已申请')
  expect(await fapiao.innerText()).toContain('增值税专用发票 · 北京协和医院')
  expect(await db.fapiaoRequest.findFirstOrThrow({ where: { eventId: event.id } })).toMatchObject({
    kind: 'SPECIAL',
    status: 'REQUESTED',
    buyerName: '北京协和医院',
    taxId: '91350100M000100Y43',
    address: '北京市东城区帅府园1号',
    phone: '010-69156114',
    bankName: '中国工商银行北京王府井支行',
    bankAccount: '0200000709014405678',
    amount: 80000,
  })

  // Staff record it as issued, with its number and the PDF the tax bureau's platform gave them.
  const invoiceNumber = '26442000000123456789'
  const pdf = await fapiaoPdf(invoiceNumber)
  await staff.page.reload()
  await hydrated(staff.page)
  const row = staff.page.getByTestId('fapiao-requests').locator('tbody tr', { hasText: '北京协和医院' })
  expect(await row.innerText()).toContain('增值税专用发票')
  expect(await row.innerText()).toContain('已申请')
  await row.getByLabel('发票号码').fill(invoiceNumber)
  await row.locator('input[name="pdf"]').setInputFiles({ name: `${invoiceNumber}.pdf`, mimeType: 'application/pdf', buffer: pdf })
  await row.getByRole('button', { name: '登记开具' }).click()
  await expect.poll(() => staff.page.getByTestId('payments-reply').textContent()).toContain('已登记开具。')
  await expect.poll(() => row.innerText()).toContain('已开具')
  expect(await row.innerText()).toContain(invoiceNumber)

  // The attendee sees it issued and downloads the PDF through the link on the ticket page.
  await attendee.page.reload()
  expect(await attendee.page.getByTestId('fapiao-state').textContent()).toBe('已开具')
  expect(await attendee.page.getByTestId('fapiao').innerText()).toContain(invoiceNumber)
  const [download] = await Promise.all([attendee.page.waitForEvent('download'), attendee.page.getByTestId('fapiao-download').click()])
  expect(download.suggestedFilename()).toBe(`fapiao-${invoiceNumber}.pdf`)
  const downloaded = await readFile((await download.path())!)
  expect(downloaded.subarray(0, 5).toString('latin1')).toBe('%PDF-')
  expect(downloaded.equals(pdf)).toBe(true)

  await attendee.context.close()
  await staff.context.close()
})
