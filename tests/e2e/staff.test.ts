import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { createPrisma } from '../../app/utils/db.server.ts'
import { hydrated, loggedIn, signedUp } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { createEvent } from '../helpers/fixtures.ts'
import { waitForMail } from '../helpers/smtp-sink.ts'

const baseUrl = inject('baseUrl')
const mailboxDir = inject('mailboxDir')
let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(() => browser?.close())

/** Waits until Remix has finished the submission and any revalidation it triggers. */
const settled = (page: Page) =>
  page.waitForFunction(() => {
    const { state } = (window as unknown as { __remixRouter: { state: { navigation: { state: string }; revalidation: string } } }).__remixRouter
    return state.navigation.state === 'idle' && state.revalidation === 'idle'
  })

/** Fills the fields of one console form (found by its heading) and submits it. */
async function submit(page: Page, heading: string, fields: Record<string, string>, selects: Record<string, string> = {}, button = heading) {
  const form = page.locator('form', { has: page.getByRole('heading', { name: heading, exact: true }) })
  for (const [label, value] of Object.entries(selects)) await form.getByLabel(label, { exact: true }).selectOption({ label: value })
  for (const [label, value] of Object.entries(fields)) await form.getByLabel(label, { exact: true }).fill(value)
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), form.getByRole('button', { name: button, exact: true }).click()])
  await settled(page)
  return form
}

/** Opens a section of the event console from its navigation, which marks the section as current. */
async function section(page: Page, name: string) {
  const nav = page.getByRole('navigation', { name: '活动管理分区' })
  await nav.getByRole('link', { name, exact: true }).click()
  await nav.locator('a[aria-current="page"]', { hasText: name }).waitFor()
  await hydrated(page)
  expect(await nav.locator('a[aria-current="page"]').count()).toBe(1)
}

test('staff build an event in two languages, are told about an overlap, publish it, and attendees see it; the confirmation e-mail goes out over SMTP and staff see it sent', async () => {
  const slug = `e2e-forum-${Date.now()}`
  const { context, page } = await loggedIn(browser, baseUrl, 'staff@demo.cme-forum.org')
  await page.goto(`${baseUrl}/staff`)
  await hydrated(page)
  const create = page.locator('form.narrow-form')
  await create.getByLabel('网址名称').fill(slug)
  await create.getByLabel('中文名称').fill('端到端测试论坛')
  await create.getByLabel('英文名称').fill('End-to-end Test Forum')
  await create.getByLabel('开始时间（活动时区）').fill('2027-06-01T08:30')
  await create.getByLabel('结束时间（活动时区）').fill('2027-06-01T17:30')
  await create.getByRole('button', { name: '创建' }).click()
  await page.waitForURL(/\/staff\/events\/[a-z0-9]+$/)
  expect(await page.getByTestId('event-status').innerText()).toBe('草稿')
  expect(await page.getByRole('navigation', { name: '活动管理分区' }).locator('a[aria-current="page"]').innerText()).toBe('概览')
  const overviewUrl = page.url()

  await section(page, '议程')
  expect(page.url()).toBe(`${overviewUrl}/agenda`)
  await submit(
    page,
    '添加论坛',
    { 网址名称: 'main', 中文名称: '主论坛', 英文名称: 'Main forum', '开始时间（活动时区）': '2027-06-01T08:30', '结束时间（活动时区）': '2027-06-01T12:00', 主持: '王辰 | Wang Chen | 中国医学科学院' },
    { 类型: '主论坛' },
  )
  await submit(
    page,
    '添加论坛',
    { 网址名称: 'icu', 中文名称: '重症分论坛', 英文名称: 'Critical care', '开始时间（活动时区）': '2027-06-01T08:30', '结束时间（活动时区）': '2027-06-01T12:00' },
    { 类型: '分论坛' },
  )
  await submit(
    page,
    '添加议程',
    { 中文名称: '开幕致辞', 英文名称: 'Opening', '开始时间（活动时区）': '2027-06-01T08:30', '结束时间（活动时区）': '2027-06-01T09:00', 讲者: '李兰娟 | Li Lanjuan | 浙江大学' },
    { 论坛: '主论坛', 类型: '开幕致辞' },
  )
  // The same time in the parallel sub-forum is fine…
  await submit(
    page,
    '添加议程',
    { 中文名称: '重症报告', 英文名称: 'ICU talk', '开始时间（活动时区）': '2027-06-01T08:30', '结束时间（活动时区）': '2027-06-01T09:30' },
    { 论坛: '重症分论坛', 类型: '专题报告' },
  )
  // …but not inside the main forum.
  const clash = await submit(
    page,
    '添加议程',
    { 中文名称: '冲突报告', 英文名称: 'Clash', '开始时间（活动时区）': '2027-06-01T08:45', '结束时间（活动时区）': '2027-06-01T09:15' },
    { 论坛: '主论坛', 类型: '专题报告' },
  )
  expect(await clash.getByTestId('form-error').innerText()).toBe('与本论坛的“开幕致辞”（08:30–09:00）时间重叠。平行分论坛的议程可以重叠，同一论坛内不可以。')
  // A malformed speaker line is refused next to the field.
  const bad = await submit(
    page,
    '添加议程',
    { 中文名称: '坏数据', 英文名称: 'Bad', '开始时间（活动时区）': '2027-06-01T10:00', '结束时间（活动时区）': '2027-06-01T10:30', 讲者: ' | Nobody' },
    { 论坛: '主论坛' },
  )
  expect(await bad.locator('#f-session-speakers-error').innerText()).toBe('每行一位：中文名 | 英文名 | 单位 | 英文单位，中文名必填。')

  await section(page, '概览')
  await submit(page, '添加组织单位', { 中文名称: '端到端医院协会', 英文名称: 'E2E Hospital Association' }, { 角色: '主办' })
  await page.getByTestId('organisations').getByText('主办：端到端医院协会').waitFor()
  await section(page, '会场')
  await submit(page, '会场', { 中文名称: '杭州分会场', 英文名称: 'Hangzhou', 城市: '杭州', 容量: '80', '签到协调员账号（电子邮箱）': 'moderator@demo.cme-forum.org' }, { 类型: '分会场' }, '添加会场')
  // The list is revalidated after the action's answer; wait for it rather than read it once (CI read it empty once).
  await expect.poll(() => page.getByTestId('venues').innerText()).toContain('杭州分会场 · 杭州 · 0 / 80 · 周敏')
  await section(page, '直播')
  expect(await page.getByTestId('venue-counts').innerText()).toContain('杭州分会场: 0 / 80 · 周敏')
  expect(await page.getByTestId('live-forums').innerText()).toContain('未开播')
  await section(page, '票种')
  await submit(page, '票种', { 中文名称: '免费票', 英文名称: 'Free' }, {}, '添加票种')
  // A ticket type added by mistake, and removed again (nobody has registered with it).
  await submit(page, '票种', { 中文名称: '临时票', 英文名称: 'Oops' }, {}, '添加票种')
  await page.getByTestId('ticket-types').getByText('临时票').waitFor()
  page.once('dialog', (d) => void d.accept())
  await page.getByRole('button', { name: '删除 临时票' }).click()
  await page.getByTestId('ticket-types').getByText('临时票').waitFor({ state: 'detached' })
  expect(await page.getByTestId('ticket-types').innerText()).toContain('免费票')
  // Registration questions: a malformed line is named; a good list is saved.
  const settings = await submit(page, '报名与支付设置', { 报名问题: 'dept | 科室 | Department | select | required | icu=重症/ICU' }, {}, '保存设置')
  expect(await settings.locator('#f-settings-questions-error').innerText()).toBe('第 1 行格式不正确，请按提示填写。')
  await submit(page, '报名与支付设置', { 报名问题: 'dept | 科室 | Department | select | required | icu=重症医学科/ICU; er=急诊科/ER' }, {}, '保存设置')
  expect(await settings.getByRole('status').innerText()).toBe('已保存。')
  await section(page, '议程')
  expect(await page.getByTestId('staff-forum-main').innerText()).toContain('主持：王辰')
  expect(await page.getByTestId('staff-forum-main').innerText()).toContain('李兰娟')
  expect(await page.getByTestId('staff-forum-main').innerText()).not.toContain('冲突报告')
  // A forum is edited in place: a second chair added, the English title corrected.
  await page.getByTestId('staff-forum-main').locator('summary', { hasText: '编辑论坛' }).click()
  const edit = page.getByRole('form', { name: '编辑论坛 主论坛' })
  expect(await edit.getByLabel('主持', { exact: true }).inputValue()).toBe('王辰 | Wang Chen | 中国医学科学院 | 中国医学科学院')
  await edit.getByLabel('英文名称', { exact: true }).fill('Main forum (plenary)')
  await edit.getByLabel('嘉宾主持', { exact: true }).fill('张强 | Zhang Qiang | 复旦大学')
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), edit.getByRole('button', { name: '保存论坛' }).click()])
  await page.getByTestId('staff-forum-main').getByText('嘉宾主持：张强').waitFor()
  // Each add form empties itself after a success: the sub-forum did not inherit the main forum's chair.
  expect(await page.getByTestId('staff-forum-icu').innerText()).not.toContain('王辰')

  await section(page, '概览')
  await page.getByRole('button', { name: '发布', exact: true }).click()
  await page.getByRole('button', { name: '取消发布' }).waitFor()
  expect(await page.getByTestId('event-status').innerText()).toBe('已发布')

  // An attendee finds it in English and registers for the free ticket.
  const attendee = await signedUp(browser, baseUrl, 'staffe2e')
  await attendee.page.goto(`${baseUrl}/events/${slug}`)
  // On a phone the sub-forum sits in another tab: read the whole programme, shown or not.
  const body = (await attendee.page.locator('main').textContent()) ?? ''
  expect(body).toContain('端到端测试论坛')
  expect(body).toContain('重症报告')
  expect(body).toContain('李兰娟')
  await attendee.page.getByTestId('register-cta').click()
  await attendee.page.getByLabel('科室').selectOption({ label: '重症医学科' })
  await attendee.page.getByRole('button', { name: '提交报名' }).click()
  await attendee.page.getByTestId('ticket-status').waitFor()
  expect(await attendee.page.getByTestId('ticket-status').getAttribute('data-status')).toBe('CONFIRMED')
  await attendee.context.close()

  // The confirmation reaches the SMTP server, in the attendee's language, with the ticket link.
  const delivered = await waitForMail(mailboxDir, attendee.email, (m) => m.subject.startsWith('报名成功'))
  expect(delivered.subject).toContain('报名成功：端到端测试论坛')
  expect(delivered.text).toMatch(/\/tickets\/[a-z0-9]+/)
  // Staff find it among the sent mails (the attendee's sign-up confirmation is there too: pick the registration's).
  const mail = page.getByTestId('emails').locator('li', { hasText: attendee.email }).filter({ hasText: '报名成功' })
  await expect
    .poll(async () => {
      await page.goto(`${baseUrl}/staff/emails?status=SENT`)
      return mail.count()
    })
    .toBe(1)
  expect(await mail.locator('summary').innerText()).toContain('报名成功：端到端测试论坛')
  expect(await mail.getAttribute('data-priority')).toBe('TRANSACTIONAL')
  await mail.locator('summary').click()
  expect(await mail.locator('.email-body').innerText()).toMatch(/\/tickets\/[a-z0-9]+/)

  // Removing an agenda item takes it off the public page.
  await page.goto(`${overviewUrl}/agenda`)
  await hydrated(page)
  page.once('dialog', (d) => void d.accept())
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '删除 重症报告' }).click()])
  // The revalidation that follows may still be on its way: wait for the item to go.
  await page.getByTestId('staff-forum-icu').getByText('重症报告').waitFor({ state: 'detached' })
  expect(await page.getByTestId('staff-forum-icu').innerText()).not.toContain('重症报告')

  // An agenda item is edited in place: 19:00 in an 08:30–12:00 forum is refused next to the field, 09:00 is saved.
  const opening = page.getByTestId('staff-forum-main').locator('li.session', { has: page.locator('form[aria-label="编辑议程 开幕致辞"]') })
  await opening.locator('summary', { hasText: '编辑' }).click()
  const editItem = page.getByRole('form', { name: '编辑议程 开幕致辞' })
  expect(await editItem.getByLabel('讲者', { exact: true }).inputValue()).toContain('李兰娟 | Li Lanjuan')
  await editItem.getByLabel('开始时间（活动时区）', { exact: true }).fill('2027-06-01T19:00')
  await editItem.getByLabel('结束时间（活动时区）', { exact: true }).fill('2027-06-01T19:30')
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), editItem.getByRole('button', { name: '保存修改' }).click()])
  await page.getByRole('form', { name: '编辑议程 开幕致辞' }).locator('small.error', { hasText: '议程时间必须在所属论坛的开始和结束时间之内。' }).first().waitFor()
  await page.getByRole('form', { name: '编辑议程 开幕致辞' }).getByLabel('开始时间（活动时区）', { exact: true }).fill('2027-06-01T09:00')
  await page.getByRole('form', { name: '编辑议程 开幕致辞' }).getByLabel('结束时间（活动时区）', { exact: true }).fill('2027-06-01T09:20')
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('form', { name: '编辑议程 开幕致辞' }).getByRole('button', { name: '保存修改' }).click()])
  // The revalidation that follows may still be on its way: wait for the new times.
  await opening.locator('time', { hasText: '09:00–09:20' }).waitFor()
  expect(await opening.locator('time').innerText()).toBe('09:00–09:20')

  // The free ticket has a registration now: it can be closed, not deleted.
  await section(page, '票种')
  const tickets = page.getByTestId('ticket-types')
  expect(await tickets.getByRole('button', { name: '删除 免费票' }).count()).toBe(0)
  page.once('dialog', (d) => void d.accept())
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), tickets.getByRole('button', { name: '停止售票 免费票' }).click()])
  await tickets.getByText('已停售').waitFor()

  // Unpublishing asks first, on a step of its own, and says what attendees will see; keeping it published changes nothing.
  await section(page, '概览')
  const unpublish = page.getByRole('button', { name: '取消发布', exact: true })
  expect(await unpublish.getAttribute('class')).toContain('secondary')
  await unpublish.click()
  const step = page.getByRole('alertdialog', { name: '取消发布“端到端测试论坛”？' })
  await step.waitFor()
  expect(await step.innerText()).toContain('对公众隐藏')
  expect(await step.innerText()).toContain('已报名的 1 人也无法再打开活动页面和直播')
  await step.getByRole('link', { name: '保留发布' }).click()
  await step.waitFor({ state: 'detached' })
  expect(await page.getByTestId('event-status').innerText()).toBe('已发布')
  await unpublish.click()
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), step.getByRole('button', { name: '确认取消发布' }).click()])
  await page.getByRole('button', { name: '发布', exact: true }).waitFor()
  expect(await page.getByTestId('event-status').innerText()).toBe('草稿')

  // Every page of the console carries the same navigation, with its own section marked.
  for (const [path, current] of [
    ['/mails', '邮件'],
    ['/registrations', '报名名单'],
    ['/payments', '收款'],
    ['/exams', '考核与问卷'],
    ['/credits', '学分与证书'],
    ['/certificate-artwork', '学分与证书'],
  ]) {
    expect((await page.goto(`${overviewUrl}${path}`))?.status()).toBe(200)
    expect(await page.getByRole('navigation', { name: '活动管理分区' }).locator('a[aria-current="page"]').innerText()).toBe(current)
  }
  await context.close()
})

test('without JavaScript, unpublishing still asks on its own step first and goes through once confirmed', async () => {
  const db = createPrisma(inject('appDatabaseUrl'), 1)
  const context = await browser.newContext({ locale: 'zh-CN', javaScriptEnabled: false })
  try {
    const event = await createEvent(db)
    const page = await context.newPage()
    await page.goto(`${baseUrl}/login`)
    await page.getByLabel('电子邮箱').fill('staff@demo.cme-forum.org')
    await page.getByLabel('密码').fill('demo-password')
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByTestId('nav-profile').waitFor()
    await page.goto(`${baseUrl}/staff/events/${event.id}`)
    await page.getByRole('button', { name: '取消发布', exact: true }).click()
    await page.waitForURL(/\?confirm=unpublish$/)
    const step = page.getByRole('alertdialog')
    expect(await step.innerText()).toContain('对公众隐藏')
    expect((await db.event.findUniqueOrThrow({ where: { id: event.id } })).status).toBe('PUBLISHED')
    await step.getByRole('button', { name: '确认取消发布' }).click()
    await page.getByRole('button', { name: '发布', exact: true }).waitFor()
    expect(await page.getByTestId('event-status').innerText()).toBe('草稿')
    expect((await db.event.findUniqueOrThrow({ where: { id: event.id } })).status).toBe('DRAFT')
  } finally {
    await context.close()
    await db.$disconnect()
  }
})

test('an attendee cannot open the staff console, and a bad outbox filter is a 404', async () => {
  const { context, page } = await signedUp(browser, baseUrl, 'nostaff')
  const response = await page.goto(`${baseUrl}/staff`)
  expect(response?.status()).toBe(403)
  await context.close()
  const staff = await loggedIn(browser, baseUrl, 'staff@demo.cme-forum.org')
  expect((await staff.page.goto(`${baseUrl}/staff/emails?status=NOPE`))?.status()).toBe(404)
  await staff.context.close()
})
