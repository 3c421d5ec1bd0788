import ExcelJS from 'exceljs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { createPrisma, type Db } from '../../app/utils/db.server.ts'
import { hydrated, loggedIn } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { createEvent, createTicketType } from '../helpers/fixtures.ts'
import { readMailbox, waitForMail } from '../helpers/smtp-sink.ts'

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

const HOSPITALS = ['北京协和医院', '上海瑞金医院', '四川大学华西医院', '中山大学附属第一医院', '复旦大学附属中山医院', '浙江大学医学院附属第一医院', '武汉同济医院', '湘雅医院']
const BAD_LINES = [40, 101, 177]

/** A hospital's list as it arrives: a title line, Chinese headers, 200 people, 3 of them unusable. */
async function hospitalList(tag: string) {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('参会名单')
  sheet.addRow(['2027 年会 参会人员名单'])
  sheet.addRow(['姓名', '手机号码', '电子邮箱', '工作单位', '职称', '票种'])
  const people: { name: string; email: string; institution: string; phone: string | null }[] = []
  for (let i = 0; i < 200; i++) {
    const line = i + 3
    const phone = i % 3 === 0 ? `137${tag.slice(-4)}${String(i).padStart(4, '0')}` : null
    const person = { name: `导入${tag}-${String(i).padStart(3, '0')}`, email: `import-${tag}-${i}@hospital.example.cn`, institution: HOSPITALS[i % HOSPITALS.length]!, phone }
    if (line === BAD_LINES[0]) sheet.addRow(['', `139${tag.slice(-4)}${String(i).padStart(4, '0')}`, person.email, person.institution, '医师', '普通票'])
    else if (line === BAD_LINES[1]) sheet.addRow([person.name, '', 'not-an-email', person.institution, '医师', '普通票'])
    else if (line === BAD_LINES[2]) sheet.addRow([person.name, '', person.email, person.institution, '医师', '贵宾票'])
    else {
      sheet.addRow([person.name, phone ? Number(phone) : '', person.email, person.institution, i % 2 ? '主治医师' : '住院医师', '普通票'])
      people.push(person)
    }
  }
  return { bytes: Buffer.from(await book.xlsx.writeBuffer()), people }
}

test('staff import a hospital’s 200-row XLSX: the preview names the 3 bad rows, 197 are added once, the desk finds them, the filtered export matches and a message to the filter reaches exactly them', async () => {
  const event = await createEvent(db)
  await createTicketType(db, event.id, { nameZh: '普通票', nameEn: 'Standard', quota: 500 })
  const tag = String(Date.now()).slice(-6)
  const list = await hospitalList(tag)
  expect(list.people).toHaveLength(197)

  const staff = await loggedIn(browser, baseUrl, 'staff@demo.cme-forum.org')
  const { page } = staff
  await page.goto(`${baseUrl}/staff/events/${event.id}/registrations`)
  await page.getByRole('link', { name: '导入名单（XLSX / CSV）' }).click()
  await page.waitForURL(`**/staff/events/${event.id}/registrations/import`)
  await hydrated(page)

  const preview = async () => {
    await page.locator('input[name="list"]').setInputFiles({ name: '协和名单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: list.bytes })
    await page.getByTestId('import-preview-button').click()
    await page.getByTestId('import-preview').waitFor()
  }

  // The preview: 197 new people and the 3 bad rows named by their line, nothing written yet.
  await preview()
  const bad = page.getByTestId('import-bad-rows').locator('li')
  expect(await bad.evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-line'))))).toEqual(BAD_LINES)
  expect(await bad.allInnerTexts()).toEqual([
    `第 ${BAD_LINES[0]} 行：缺少姓名`,
    expect.stringMatching(new RegExp(`^第 ${BAD_LINES[1]} 行：邮箱格式不正确`)),
    expect.stringMatching(new RegExp(`^第 ${BAD_LINES[2]} 行：票种名称与本活动的票种都不相符`)),
  ])
  expect(await page.getByTestId('import-summary').innerText()).toContain('新账号 197')
  expect(await db.registration.count({ where: { eventId: event.id } })).toBe(0)

  // Confirmed: 197 added, each new person with an invitation in the outbox.
  await page.getByTestId('import-confirm').click()
  await expect
    .poll(() =>
      page
        .getByTestId('import-done')
        .textContent()
        .catch(() => ''),
    )
    .toContain('新增报名 197 条')
  expect(await db.registration.count({ where: { eventId: event.id } })).toBe(197)
  expect(await db.emailMessage.count({ where: { kind: 'registration_import_invitation', toAddress: { in: list.people.map((p) => p.email) } } })).toBe(197)

  // The same file again adds nobody.
  await preview()
  expect(await page.getByTestId('import-summary').innerText()).toContain('已报名 197')
  expect(await page.getByTestId('import-confirm').count()).toBe(0)
  expect(await page.getByTestId('import-nothing').count()).toBe(1)
  expect(await db.registration.count({ where: { eventId: event.id } })).toBe(197)

  // The desk finds an imported person.
  const someone = list.people[57]!
  await page.goto(`${baseUrl}/staff/events/${event.id}/registrations?q=${encodeURIComponent(someone.name)}`)
  expect(await page.getByTestId('desk-total').innerText()).toBe('共 1 条报名')
  expect(await page.getByTestId('desk-table').locator('tbody tr').allInnerTexts()).toEqual([expect.stringContaining(someone.email)])

  // ... and by the phone on the hospital's list, written as people write it, shown beneath the email.
  const caller = list.people.find((p) => p.phone)!.phone!
  await page.goto(`${baseUrl}/staff/events/${event.id}/registrations?q=${encodeURIComponent(`+86 ${caller.slice(0, 3)}-${caller.slice(3, 7)}-${caller.slice(7)}`)}`)
  expect(await page.getByTestId('desk-total').innerText()).toBe('共 1 条报名')
  expect(await page.getByTestId('desk-table').locator('tbody tr [data-column="phone"]').allInnerTexts()).toEqual([`${caller.slice(0, 3)} ${caller.slice(3, 7)} ${caller.slice(7)}`])

  // Filtered by institution: the XLSX export behind the desk's own link holds the same rows as the list.
  const hospital = HOSPITALS[2]!
  await page.goto(`${baseUrl}/staff/events/${event.id}/registrations?q=${encodeURIComponent(hospital)}`)
  const shown = await page.getByTestId('desk-table').locator('tbody tr [data-column="email"]').allInnerTexts()
  const expected = list.people.filter((p) => p.institution === hospital).map((p) => p.email)
  expect(shown.sort()).toEqual(expected.sort())
  const href = await page.getByRole('link', { name: '导出 Excel' }).getAttribute('href')
  expect(href).toContain(`q=${encodeURIComponent(hospital)}`)
  const res = await page.request.get(`${baseUrl}${href}`)
  expect(res.status()).toBe(200)
  const book = new ExcelJS.Workbook()
  await book.xlsx.load((await res.body()) as unknown as ArrayBuffer)
  const sheet = book.worksheets[0]!
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String)
  const emailColumn = header.indexOf('邮箱') + 1
  expect(emailColumn).toBeGreaterThan(0)
  const exported: string[] = []
  sheet.eachRow((row, n) => {
    if (n > 1) exported.push(String(row.getCell(emailColumn).value))
  })
  expect(exported.sort()).toEqual(shown.sort())

  // A message to the same filter: queued for exactly those people, and the loopback SMTP server receives it for each of them only.
  await page.getByRole('link', { name: `给这 ${expected.length} 位报名者写信` }).click()
  await page.waitForURL(`**/staff/events/${event.id}/messages?*`)
  await hydrated(page)
  const subject = `会前通知 ${tag}`
  const form = page.getByTestId('message-form')
  await form.getByLabel('中文主题').fill(subject)
  await form.getByLabel('中文正文').fill('{{name}}，您好：\n\n直播链接：{{forum_link}}')
  await form.getByLabel('英文主题').fill(`Before the congress ${tag}`)
  await form.getByLabel('英文正文').fill('Dear {{name}},\n\nLive: {{forum_link}}')
  await form.getByRole('button', { name: '预览' }).click()
  const messagePreview = page.getByTestId('message-preview')
  await messagePreview.waitFor()
  expect(await messagePreview.getByTestId('message-preview-count').innerText()).toBe(`将发送给 ${expected.length} 人`)
  page.once('dialog', (dialog) => void dialog.accept())
  await messagePreview.getByTestId('message-send').click()
  await expect.poll(() => page.getByTestId('messages-reply').textContent()).toBe(`已将 ${expected.length} 封邮件加入发送队列。`)
  const queued = await db.emailMessage.findMany({ where: { kind: 'registrant_message', subject }, select: { toAddress: true } })
  expect(queued.map((m) => m.toAddress).sort()).toEqual([...expected].sort())
  for (const email of expected) {
    const mail = await waitForMail(mailboxDir, email, (m) => m.subject === subject, 60_000)
    expect(mail.text).toContain(`${list.people.find((p) => p.email === email)!.name}，您好：`)
  }
  const received = (await readMailbox(mailboxDir)).filter((m) => m.subject === subject)
  expect(received.flatMap((m) => m.to).sort()).toEqual([...expected].sort())

  await staff.context.close()
})
