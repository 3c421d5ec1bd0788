import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { createPrisma, type Db } from '../../app/utils/db.server.ts'
import { hydrated, loggedIn } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { createEvent, createTicketType } from '../helpers/fixtures.ts'
import { readMailbox, waitForMail } from '../helpers/smtp-sink.ts'

// Issue 15 §1, messages: staff filter the desk, write to those registrants from a two-language
// template, preview it, send it; the send history lists exactly those recipients, and exactly
// they receive it, each in their language, through the loopback SMTP server the browser tests'
// server delivers to (tests/helpers/global-app-setup.ts).
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

test('staff write to the registrants of a desk filter: an unknown placeholder is refused, the template is saved and reused, the preview shows both languages, the send reaches exactly them', async () => {
  const event = await createEvent(db)
  const ticket = await createTicketType(db, event.id, { nameZh: '普通票', nameEn: 'Standard' })
  const tag = `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`
  const seeds = [
    { key: 'wang', name: '王伟', institution: `协和医院${tag}`, locale: 'zh_CN' },
    { key: 'smith', name: 'Anna Smith', institution: `协和医院${tag}`, locale: 'en' },
    { key: 'li', name: '李娜', institution: '瑞金医院', locale: 'zh_CN' },
  ] as const
  const emails: Record<string, string> = {}
  for (const s of seeds) {
    const user = await db.user.create({ data: { email: `msg-${s.key}-${tag}@test.cme-forum.org`, passwordHash: 'x', realName: s.name, institution: s.institution, locale: s.locale } })
    await db.registration.create({ data: { eventId: event.id, userId: user.id, ticketTypeId: ticket.id, status: 'CONFIRMED', confirmedAt: new Date() } })
    emails[s.key] = user.email
  }

  // Staff filter the desk to one hospital and follow "write to these registrants".
  const { context, page } = await loggedIn(browser, baseUrl, 'staff@demo.cme-forum.org')
  await page.goto(`${baseUrl}/staff/events/${event.id}/registrations`)
  await hydrated(page)
  await page.getByRole('searchbox', { name: '搜索姓名、邮箱、手机或单位' }).fill(`协和医院${tag}`)
  await page.getByRole('button', { name: '筛选' }).click()
  await expect.poll(() => page.getByTestId('desk-total').innerText()).toBe('共 2 条报名')
  await page.getByRole('link', { name: '给这 2 位报名者写信' }).click()
  await page.waitForURL(`**/staff/events/${event.id}/messages?*`)
  await hydrated(page)
  expect(await page.getByTestId('message-recipients').innerText()).toContain('2 位报名者')
  expect(await page.getByTestId('message-filter').innerText()).toContain(`协和医院${tag}`)

  // A typo in a placeholder is refused in words, on its field.
  const form = page.getByTestId('message-form')
  await form.getByLabel('中文主题').fill('{{event}}：会前通知')
  await form.getByLabel('中文正文').fill('{{nmae}}，您好：\n\n直播链接：{{forum_link}}')
  await form.getByLabel('英文主题').fill('Before {{event}}')
  await form.getByLabel('英文正文').fill('Dear {{name}},\n\nLive: {{forum_link}}')
  await form.getByRole('button', { name: '预览' }).click()
  await expect.poll(() => form.locator('#message-bodyZh-error').textContent()).toContain('未知的占位符 {{nmae}}')
  expect(await page.getByTestId('message-preview').count()).toBe(0)

  // Corrected, it is saved as the event's template and opened again from the list.
  await form.getByLabel('中文正文').fill('{{name}}，您好：\n\n直播链接：{{forum_link}}')
  await form.getByLabel('模板名称').fill('会前通知')
  await form.getByRole('button', { name: '保存为模板' }).click()
  await expect.poll(() => page.getByTestId('messages-reply').textContent()).toBe('模板已保存。')
  await page.getByTestId('message-templates').getByRole('link', { name: '使用此模板' }).click()
  await page.waitForURL(/template=/)
  expect(await page.getByTestId('message-form').getByLabel('中文正文').inputValue()).toBe('{{name}}，您好：\n\n直播链接：{{forum_link}}')

  // The preview shows how many get it and the mail each language's first reader gets.
  await page.getByTestId('message-form').getByRole('button', { name: '预览' }).click()
  const preview = page.getByTestId('message-preview')
  await preview.waitFor()
  expect(await preview.getByTestId('message-preview-count').innerText()).toBe('将发送给 2 人')
  const zh = preview.getByTestId('message-sample-zh-CN')
  expect(await zh.getByTestId('sample-subject').innerText()).toBe(`${event.titleZh}：会前通知`)
  expect(await zh.getByTestId('sample-text').innerText()).toContain(`王伟，您好：`)
  expect(await zh.getByTestId('sample-text').innerText()).toContain(`/events/${event.slug}/forums/main/live`)
  const en = preview.getByTestId('message-sample-en')
  expect(await en.getByTestId('sample-subject').innerText()).toBe(`Before ${event.titleEn}`)
  expect(await en.getByTestId('sample-text').innerText()).toContain('Dear Anna Smith,')
  // Nothing is written by a preview.
  expect(await db.registrantMessageSend.count({ where: { eventId: event.id } })).toBe(0)

  // Send (confirming the dialog): one mail for each of them and nobody else goes into the queue.
  page.once('dialog', (dialog) => void dialog.accept())
  await preview.getByTestId('message-send').click()
  await expect.poll(() => page.getByTestId('messages-reply').textContent()).toBe('已将 2 封邮件加入发送队列。')
  const history = page.getByTestId('message-history')
  // The history follows once the page's data is reloaded after the send.
  await expect.poll(() => history.locator('tbody tr').count()).toBe(1)
  expect(await history.getByTestId('send-recipients').innerText()).toBe('2')
  await history.getByRole('link', { name: '查看收件人' }).click()
  const detail = page.getByTestId('message-send-detail')
  await detail.waitFor()
  // The log shows the text as sent, with its placeholders.
  expect(await detail.getByTestId('send-text-zh').locator('pre').textContent()).toBe('{{name}}，您好：\n\n直播链接：{{forum_link}}')
  const listed = await detail.locator('tr[data-recipient]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-recipient')))
  expect(listed.sort()).toEqual([emails.wang, emails.smith].sort())
  const mails = await db.emailMessage.findMany({
    where: { kind: 'registrant_message', toAddress: { in: Object.values(emails) } },
    select: { id: true, toAddress: true, subject: true, priority: true },
  })
  expect(mails.map((m) => m.toAddress).sort()).toEqual([emails.wang, emails.smith].sort())
  expect(mails.find((m) => m.toAddress === emails.smith)).toMatchObject({ subject: `Before ${event.titleEn}`, priority: 'BULK' })

  // The SMTP server receives the two of them, each in their language with their name and the forum link.
  const toWang = await waitForMail(mailboxDir, emails.wang!, (m) => m.messageId === `<${mails.find((x) => x.toAddress === emails.wang)!.id}@cme-forum>`)
  expect(toWang.subject).toBe(`${event.titleZh}：会前通知`)
  expect(toWang.text).toContain('王伟，您好：')
  expect(toWang.text).toContain(`/events/${event.slug}/forums/main/live`)
  const toSmith = await waitForMail(mailboxDir, emails.smith!, (m) => m.messageId === `<${mails.find((x) => x.toAddress === emails.smith)!.id}@cme-forum>`)
  expect(toSmith.subject).toBe(`Before ${event.titleEn}`)
  expect(toSmith.text).toContain('Dear Anna Smith,')
  expect(toSmith.text).toContain(`/events/${event.slug}/forums/main/live`)
  // Both are delivered and marked sent; the registrant outside the filter received nothing, and nobody got it twice.
  await expect.poll(async () => (await db.emailMessage.findMany({ where: { id: { in: mails.map((m) => m.id) } }, select: { status: true } })).map((m) => m.status)).toEqual(['SENT', 'SENT'])
  expect(await readMailbox(mailboxDir, emails.li)).toEqual([])
  const received = (await readMailbox(mailboxDir)).filter((m) => mails.some((x) => m.messageId === `<${x.id}@cme-forum>`))
  expect(received.map((m) => m.to).sort()).toEqual([[emails.wang], [emails.smith]].sort())
  // The send is logged with the template it started from.
  expect((await db.registrantMessageSend.findFirstOrThrow({ where: { eventId: event.id }, select: { template: { select: { name: true } } } })).template?.name).toBe('会前通知')
  await context.close()
})
