import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { createPrisma, type Db } from '../../app/utils/db.server.ts'
import { hydrated, loggedIn, signedUp } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'

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

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82])

test('eligible tiers: staff upload the member list; a student waits with a held seat until staff approve the card, then pays the student price', async () => {
  const event = await createEvent(db)
  const ticket = await createTicketType(db, event.id, { priceNonMember: 120000, priceMember: 80000, priceStudent: 30000, quota: 10 })
  await db.eventBankAccount.create({ data: { eventId: event.id, accountName: '中华医学会', bankName: '工商银行', accountNumber: '0200001009014412345', holdDays: 7 } })

  // A member who registered before any list was uploaded waits for staff, holding a seat.
  const [memberId] = await createUsers(db, 1, 'e2e-member')
  await db.user.update({ where: { id: memberId! }, data: { realName: '张伟' } })
  const waitingMember = await db.registration.create({
    data: {
      eventId: event.id,
      userId: memberId!,
      ticketTypeId: ticket.id,
      status: 'PENDING_APPROVAL',
      tier: 'MEMBER',
      tierEvidence: 'PENDING',
      memberNumber: 'CMA001',
      tierReviewReason: 'no_list',
      amount: 80000,
    },
  })
  await db.ticketType.update({ where: { id: ticket.id }, data: { seatsTaken: { increment: 1 } } })

  // Staff upload a member list with one bad line: the preview names it, nothing is written until they confirm.
  const staff = await loggedIn(browser, baseUrl, 'staff@demo.cme-forum.org')
  await staff.page.goto(`${baseUrl}/staff/events/${event.id}/payments`)
  await staff.page.getByTestId('eligibility-link').click()
  await staff.page.waitForURL(`**/staff/events/${event.id}/eligibility`)
  await hydrated(staff.page)
  const list = ['会员号,姓名', 'CMA-001,张伟', ',李娜'].join('\r\n')
  await staff.page
    .getByTestId('members-form')
    .locator('input[name="members"]')
    .setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(list) })
  await staff.page.getByRole('button', { name: '预览' }).click()
  await staff.page.getByTestId('members-preview').waitFor()
  expect(await staff.page.getByTestId('eligibility-reply').innerText()).toContain('可导入 1 名会员，1 行有误')
  expect(await staff.page.getByTestId('members-preview').innerText()).toContain('第 3 行：缺少会员号')
  expect(await db.eventMember.count({ where: { eventId: event.id } })).toBe(0)
  await staff.page.getByTestId('members-replace').click()
  await expect.poll(() => staff.page.getByTestId('eligibility-reply').textContent()).toContain('会员名单已替换：1 名会员。')
  // The waiting member is on it under the same name: approved at once, on to paying the member price, and told.
  expect(await staff.page.getByTestId('eligibility-reply').textContent()).toContain('1 个已自动通过')
  expect(await db.registration.findUniqueOrThrow({ where: { id: waitingMember.id } })).toMatchObject({ status: 'PENDING_PAYMENT', tierEvidence: 'APPROVED', amount: 80000 })
  expect(await db.emailMessage.count({ where: { userId: memberId!, kind: 'tier_approved' } })).toBe(1)
  await expect.poll(() => staff.page.getByTestId('member-count').textContent()).toContain('当前名单共 1 名会员。')

  // An attendee picks the student price and uploads a card: the ticket waits, its seat held.
  const attendee = await signedUp(browser, baseUrl, 'student')
  await attendee.page.goto(`${baseUrl}/events/${event.slug}/register`)
  await hydrated(attendee.page)
  await attendee.page.locator('#f-tier').selectOption('STUDENT')
  await attendee.page.getByLabel('学生证').setInputFiles({ name: 'card.png', mimeType: 'image/png', buffer: PNG })
  await attendee.page.getByRole('button', { name: '提交报名' }).click()
  await attendee.page.getByTestId('tier-waiting').waitFor()
  expect(await attendee.page.getByTestId('ticket-status').getAttribute('data-status')).toBe('PENDING_APPROVAL')
  expect(await attendee.page.getByTestId('pay-by-transfer').count()).toBe(0)

  // Staff see the card in the queue and approve it; the attendee can now pay the student price.
  await staff.page.reload()
  await hydrated(staff.page)
  const row = staff.page.getByTestId('evidence-queue').locator('tr[data-tier="STUDENT"]')
  const card = await staff.page.request.get(`${baseUrl}${await row.getByTestId('card-link').getAttribute('href')}`)
  expect(card.headers()['content-type']).toBe('image/png')
  await row.getByTestId('approve').click()
  await expect.poll(() => staff.page.getByTestId('eligibility-reply').textContent()).toContain('已通过。')
  await attendee.page.reload()
  expect(await attendee.page.getByTestId('ticket-status').getAttribute('data-status')).toBe('PENDING_PAYMENT')
  expect(await attendee.page.getByTestId('tier-waiting').count()).toBe(0)
  expect(await attendee.page.locator('.ticket').innerText()).toContain('300.00')

  await attendee.context.close()
  await staff.context.close()
})
