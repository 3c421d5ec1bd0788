import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { createPrisma, type Db } from '../../app/utils/db.server.ts'
import { hydrated, loggedIn } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { createEvent, createTicketType, removeEvent } from '../helpers/fixtures.ts'

// Issue 15 §1, the desk's rows: staff see each registrant's minutes, exam and survey state,
// move a registration to another ticket (a full one is refused in words), and open the
// attendee's credit evidence, from there the forum's own evidence page.
const baseUrl = inject('baseUrl')
let browser: Browser
let db: Db
const events: string[] = []

beforeAll(async () => {
  browser = await launchChromium()
  db = createPrisma(inject('appDatabaseUrl'), 2)
})
afterAll(async () => {
  for (const id of events) await removeEvent(db, id)
  await browser?.close()
  await db?.$disconnect()
})

test('staff see minutes, exam and survey per row, move a registration to another ticket, and open its credit evidence', async () => {
  const event = await createEvent(db)
  events.push(event.id)
  const forum = event.forums[0]!
  const standard = await createTicketType(db, event.id, { nameZh: '普通票', nameEn: 'Standard', seatsTaken: 2, position: 0 })
  const vip = await createTicketType(db, event.id, { nameZh: '贵宾票', nameEn: 'VIP', quota: 1, position: 1 })
  await createTicketType(db, event.id, { nameZh: '已满票', nameEn: 'Full', quota: 1, seatsTaken: 1, position: 2 })
  const tag = `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`
  const person = async (name: string) => {
    const user = await db.user.create({ data: { email: `desk-rows-${tag}-${name.length}@test.cme-forum.org`, passwordHash: 'x', realName: name, institution: `瑞金医院${tag}` } })
    return db.registration.create({ data: { eventId: event.id, userId: user.id, ticketTypeId: standard.id, status: 'CONFIRMED', confirmedAt: new Date() } })
  }
  const watcher = await person('周慧敏')
  const other = await person('欧阳建国')
  // 25 minutes live and 10 of them again on replay: 25, not 35.
  const start = forum.startsAt.getTime()
  await db.attendanceInterval.createMany({
    data: [
      { registrationId: watcher.id, forumId: forum.id, source: 'LIVE', start: new Date(start), end: new Date(start + 25 * 60_000) },
      { registrationId: watcher.id, forumId: forum.id, source: 'REPLAY', start: new Date(start + 15 * 60_000), end: new Date(start + 25 * 60_000) },
    ],
  })
  const exam = await db.exam.create({
    data: { eventId: event.id, titleZh: '考试', titleEn: 'Exam', opensAt: new Date(start), closesAt: new Date(start + 86_400_000), timeLimitMinutes: 30, passPercent: 60, published: true },
  })
  await db.examAttempt.create({
    data: { examId: exam.id, registrationId: watcher.id, number: 1, status: 'SUBMITTED', active: null, seed: 's', startedAt: new Date(start), deadline: new Date(start + 1_800_000), percentage: 80 },
  })
  await db.survey.create({ data: { eventId: event.id, titleZh: '满意度调查', titleEn: 'Survey', published: true } })

  const { context, page } = await loggedIn(browser, baseUrl, 'staff@demo.cme-forum.org')
  await page.goto(`${baseUrl}/staff/events/${event.id}/registrations?sort=name&dir=asc`)
  await hydrated(page)
  const table = page.getByTestId('desk-table')
  const headers = await table.locator('thead th').allInnerTexts()
  expect(headers).toEqual(expect.arrayContaining(['出勤分钟', '考试', '评估问卷']))
  const row = (registrationId: string) => table.locator(`tr[data-registration-id="${registrationId}"]`)
  const cell = (registrationId: string, column: string) => row(registrationId).locator(`td[data-column="${column}"]`)
  expect(await cell(watcher.id, 'minutes').innerText()).toBe('25')
  expect(await cell(watcher.id, 'exam').innerText()).toBe('已通过')
  expect(await cell(watcher.id, 'survey').innerText()).toBe('未填写')
  expect(await cell(other.id, 'minutes').innerText()).toBe('0')
  expect(await cell(other.id, 'exam').innerText()).toBe('未参加')

  // The move form names each other ticket with its price for the row's tier and its seats left.
  const options = row(watcher.id).getByTestId('desk-move').locator('option')
  expect(await options.allTextContents()).toEqual(['请选择', '贵宾票（¥0.00） · 余 1 席', '已满票（¥0.00） · 余 0 席'])

  // Moving into a full ticket is refused, in words; nothing changes.
  const move = async (registrationId: string, ticket: string) => {
    const action = row(registrationId).getByTestId('desk-move')
    if ((await action.getAttribute('open')) === null) await action.locator('summary').click()
    await action.getByLabel('新票种').selectOption({ label: ticket })
    await action.getByRole('button', { name: '确认换票' }).click()
  }
  await move(watcher.id, '已满票（¥0.00） · 余 0 席')
  await expect.poll(() => page.getByTestId('desk-reply').innerText()).toBe('新票种已无剩余名额。')
  expect((await db.registration.findUniqueOrThrow({ where: { id: watcher.id } })).ticketTypeId).toBe(standard.id)

  // Into the VIP ticket: done, and the row shows its new ticket; the VIP ticket is then full.
  await move(watcher.id, '贵宾票（¥0.00） · 余 1 席')
  await expect.poll(() => page.getByTestId('desk-reply').innerText()).toBe('已换票。')
  // The row follows once the page's data is reloaded after the action: slow on a busy machine.
  await expect.poll(() => row(watcher.id).locator('td').nth(4).innerText(), { timeout: 15_000 }).toBe('贵宾票')
  expect(await db.registration.findUniqueOrThrow({ where: { id: watcher.id } })).toMatchObject({ ticketTypeId: vip.id, status: 'CONFIRMED' })
  expect((await db.ticketType.findUniqueOrThrow({ where: { id: vip.id } })).seatsTaken).toBe(1)
  expect(await db.auditLog.count({ where: { type: 'registration.ticket_moved', data: { path: ['registrationId'], equals: watcher.id } } })).toBe(1)
  await move(other.id, '贵宾票（¥0.00） · 余 0 席')
  await expect.poll(() => page.getByTestId('desk-reply').innerText()).toBe('新票种已无剩余名额。')

  // The credit evidence: the forum with its minutes, linking to the forum's own evidence page.
  await row(watcher.id).getByRole('link', { name: '学分凭证' }).click()
  await page.waitForURL(`**/staff/events/${event.id}/registrations/${watcher.id}`)
  expect(await page.getByTestId('evidence-summary').innerText()).toContain('共出勤 25 分钟')
  expect(await page.getByTestId('evidence-exam').innerText()).toBe('考试：已通过')
  const forumRow = page.getByTestId('evidence-forums').locator(`tr[data-forum-id="${forum.id}"]`)
  expect(await forumRow.locator('td').nth(2).innerText()).toBe('25')
  expect(await forumRow.locator('td').nth(3).innerText()).toBe('直播 · 回放')
  await forumRow.getByRole('link', { name: '查看明细' }).click()
  await page.waitForURL(`**/staff/forums/${forum.id}/attendance/${watcher.id}`)
  expect(await page.locator('h1').innerText()).toContain('周慧敏')

  await context.close()
})

test('staff filter the desk by an institution the event suggests, whatever its case, and the export follows the filter with the phone', async () => {
  const event = await createEvent(db)
  events.push(event.id)
  const ticket = await createTicketType(db, event.id, { nameZh: '普通票', nameEn: 'Standard' })
  const tag = `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`
  const phone = `13${String(Date.now()).slice(-9)}`
  const people = [
    { name: '林晓', institution: `Huashan Hospital ${tag}`, phone },
    { name: '何静', institution: `HUASHAN HOSPITAL ${tag}`, phone: null },
    { name: '宋涛', institution: `瑞金医院${tag}`, phone: null },
  ]
  for (const [i, p] of people.entries()) {
    const user = await db.user.create({ data: { email: `desk-inst-${tag}-${i}@test.cme-forum.org`, passwordHash: 'x', realName: p.name, institution: p.institution, phone: p.phone } })
    await db.registration.create({ data: { eventId: event.id, userId: user.id, ticketTypeId: ticket.id, status: 'CONFIRMED', confirmedAt: new Date() } })
  }

  const { context, page } = await loggedIn(browser, baseUrl, 'staff@demo.cme-forum.org')
  await page.goto(`${baseUrl}/staff/events/${event.id}/registrations`)
  await hydrated(page)
  // The suggestions: each institution once (two spellings of one hospital are one), most registrations first.
  const suggested = await page.locator('datalist#desk-institutions option').evaluateAll((options) => options.map((o) => [(o as HTMLOptionElement).value, (o as HTMLOptionElement).label]))
  expect(suggested).toEqual([
    [expect.stringMatching(new RegExp(`^huashan hospital ${tag}$`, 'i')), '2 人'],
    [`瑞金医院${tag}`, '1 人'],
  ])
  await page.getByLabel('单位', { exact: true }).fill(`  huashan hospital ${tag} `)
  await page.getByRole('button', { name: '筛选' }).click()
  await expect.poll(() => page.getByTestId('desk-total').innerText()).toBe('共 2 条报名')
  expect(new URL(page.url()).searchParams.get('institution')).toBe(`  huashan hospital ${tag} `)
  const names = await page.getByTestId('desk-table').locator('tbody tr td:first-child').allInnerTexts()
  expect(names.sort()).toEqual(['何静', '林晓'])
  const row = page.getByTestId('desk-table').locator('tbody tr', { hasText: '林晓' })
  expect(await row.locator('[data-column="phone"]').innerText()).toBe(`${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`)

  // The CSV behind the desk's own link: the same two people, the phone in its own column.
  const href = await page.getByRole('link', { name: '导出 CSV' }).getAttribute('href')
  const res = await page.request.get(`${baseUrl}${href}`)
  expect(res.status()).toBe(200)
  const [header, ...lines] = (await res.text())
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((l) => l.split(','))
  expect(header!.slice(3, 5)).toEqual(['邮箱', '手机'])
  expect(lines.map((l) => l[0]).sort()).toEqual(['何静', '林晓'])
  await context.close()
})
