import ical, { type VEvent } from 'node-ical'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { signedUp } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'

const baseUrl = inject('baseUrl')
const congress = `${baseUrl}/events/shanghai-hospital-management-congress-2026`
const phone = { width: 390, height: 844 }
const desktop = { width: 1280, height: 900 }
const englishCookie = () => ({ name: 'lng', value: encodeURIComponent(btoa(JSON.stringify('en'))), url: baseUrl })

let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(() => browser?.close())

async function withPage<T>(options: Parameters<Browser['newContext']>[0], run: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await browser.newContext(options)
  try {
    return await run(await context.newPage(), context)
  } finally {
    await context.close()
  }
}

describe('timetable', () => {
  test('on a phone, parallel forums of a day are tabs: a tap or an arrow key shows another sub-forum’s sessions', () =>
    withPage({ viewport: phone, locale: 'zh-CN' }, async (page) => {
      await page.goto(congress)
      const tablist = page.getByRole('tablist')
      await tablist.waitFor()
      const tabs = tablist.getByRole('tab')
      expect(await tabs.count()).toBe(13)
      expect(await tabs.nth(0).getAttribute('aria-selected')).toBe('true')
      const panel = page.getByRole('tabpanel')
      // Only the selected forum's panel is shown, labelled by its tab.
      expect(await panel.count()).toBe(1)
      expect(await panel.locator('h4').innerText()).toBe('主论坛：推进现代化医院建设')
      expect(await panel.innerText()).toContain('现代医院管理制度建设的新要求')

      await page.getByRole('tab', { name: '分论坛2：三级综合医院评审与巡查' }).click()
      expect(await tabs.nth(2).getAttribute('aria-selected')).toBe('true')
      expect(await tabs.nth(0).getAttribute('aria-selected')).toBe('false')
      expect(await panel.locator('h4').innerText()).toBe('分论坛2：三级综合医院评审与巡查')
      expect(await panel.innerText()).toContain('三级综合医院评审与巡查：政策解读')
      expect(await page.getByText('现代医院管理制度建设的新要求').isVisible()).toBe(false)

      // Keyboard: the selected tab is the one in the tab order; arrows move and select.
      await tabs.nth(2).focus()
      await page.keyboard.press('ArrowRight')
      expect(await tabs.nth(3).getAttribute('aria-selected')).toBe('true')
      expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('tab')
      expect(await panel.locator('h4').innerText()).toBe('分论坛3：临床技术管理')
      await page.keyboard.press('End')
      expect(await panel.locator('h4').innerText()).toBe('分论坛12：医院文化与患者安全')
      await page.keyboard.press('ArrowRight') // wraps round
      expect(await panel.locator('h4').innerText()).toBe('主论坛：推进现代化医院建设')
      expect(await tabs.evaluateAll((els) => els.map((e) => e.getAttribute('tabindex')).filter((t) => t === '0').length)).toBe(1)
    }))

  test('on a phone without JavaScript, every forum of the day is shown, one below the other', () =>
    withPage({ viewport: phone, locale: 'zh-CN', javaScriptEnabled: false }, async (page) => {
      await page.goto(congress)
      expect(await page.getByRole('tablist').count()).toBe(0)
      const columns = page.locator('.forum-column')
      expect(await columns.count()).toBe(13)
      const boxes = await Promise.all([0, 1].map((i) => columns.nth(i).boundingBox()))
      expect(boxes[1]!.y).toBeGreaterThan(boxes[0]!.y + boxes[0]!.height - 1)
      expect(await page.getByText('三级综合医院评审与巡查：政策解读').isVisible()).toBe(true)
    }))

  test('on a wide screen, parallel forums stand side by side and there are no tabs', () =>
    withPage({ viewport: desktop, locale: 'zh-CN' }, async (page) => {
      await page.goto(congress)
      // Wait for hydration: the viewer's local time appears only then (the browser zone differs).
      await page.waitForFunction(() => document.querySelectorAll('.day-timetable[data-tabs]').length > 0)
      expect(await page.getByRole('tablist').isVisible()).toBe(false)
      expect(await page.getByRole('tabpanel').count()).toBe(0)
      const columns = page.locator('.forum-column')
      expect(await columns.count()).toBe(13)
      const [a, b, c] = await Promise.all([0, 1, 2].map(async (i) => (await columns.nth(i).boundingBox())!))
      expect(b!.y).toBe(a!.y)
      expect(c!.y).toBe(a!.y)
      expect(b!.x).toBeGreaterThanOrEqual(a!.x + a!.width)
      expect(c!.x).toBeGreaterThanOrEqual(b!.x + b!.width)
      expect(await columns.nth(1).isVisible()).toBe(true)
    }))

  test('a link to one session opens its forum’s tab on a phone', () =>
    withPage({ viewport: phone, locale: 'zh-CN' }, async (page) => {
      await page.goto(congress)
      const id = await page.locator('.forum-column').nth(5).locator('.session').first().getAttribute('id')
      await page.goto(`${congress}#${id}`)
      await page.reload()
      await page.getByRole('tablist').waitFor()
      expect(new URL(page.url()).hash).toBe(`#${id}`)
      expect(await page.getByRole('tab', { selected: true }).innerText()).toBe('分论坛5：社区卫生服务能力提升')
      expect(await page.locator(`#${id}`).isVisible()).toBe(true)
    }))
})

describe('forum and speaker pages', () => {
  test('the event page links a forum title to the forum page: kind, time, description, chairs, sessions, a way back', () =>
    withPage({ viewport: phone, locale: 'zh-CN', timezoneId: 'Europe/London' }, async (page) => {
      await page.goto(congress)
      await page.getByTestId('forum-list').getByRole('link', { name: '分论坛1：改善就医感受、提升患者体验' }).click()
      // A client-side navigation: the address changes a moment before the new page renders.
      await page.locator('h1', { hasText: '分论坛1：改善就医感受、提升患者体验' }).waitFor()
      expect(page.url()).toBe(`${congress}/forums/sub-01`)
      expect(await page.locator('article header .badge').innerText()).toBe('分论坛')
      expect(await page.locator('article header .meta time').innerText()).toBe('13:30–17:30')
      // The viewer in London sees their own time too (UTC+0 in December).
      expect(await page.locator('article header .local-range').innerText()).toBe('您的当地时间：05:30–09:30')
      expect(await page.locator('article header').innerText()).toContain('围绕改善就医感受、提升患者体验开展专题交流。')
      const chairs = page.getByTestId('forum-chairs')
      expect(await chairs.locator('dt').allInnerTexts()).toEqual(['主持'])
      expect(await page.locator('.session').count()).toBe(7)
      expect(await page.locator('.session time').first().innerText()).toBe('13:30–13:40')
      await page.getByTestId('back-to-event').click()
      await page.getByTestId('forum-list').waitFor()
      expect(page.url()).toBe(congress)
    }))

  test('the main forum page shows its chair and guest chair, in English too', () =>
    withPage({ viewport: desktop, locale: 'en-GB' }, async (page, context) => {
      await page.goto(`${congress}/forums/main`)
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN')
      expect(await page.getByTestId('forum-chairs').locator('dt').allInnerTexts()).toEqual(['主持', '嘉宾主持'])
      await context.addCookies([englishCookie()])
      await page.goto(`${congress}/forums/main`)
      expect(await page.locator('html').getAttribute('lang')).toBe('en')
      expect(await page.locator('h1').innerText()).toBe('Main forum: Building modern hospitals')
      expect(await page.locator('article header .badge').innerText()).toBe('Main forum')
      expect(await page.getByTestId('forum-chairs').locator('dt').allInnerTexts()).toEqual(['Chair', 'Guest chair'])
      expect(await page.getByTestId('back-to-event').innerText()).toBe('Back to The 17th Shanghai Hospital Management Congress')
      expect(await page.locator('.session').first().innerText()).toContain('Opening address')
    }))

  test('a speaker’s name leads to their page: name, affiliation, sessions with forum and time, forums they chair; in both languages', () =>
    withPage({ viewport: phone, locale: 'zh-CN' }, async (page, context) => {
      await page.goto(`${congress}/forums/main`)
      const chair = page.getByTestId('forum-chairs').locator('[data-role="CHAIR"] a').first()
      const name = await chair.innerText()
      await chair.click()
      await page.waitForURL(/\/events\/shanghai-hospital-management-congress-2026\/speakers\/[a-z0-9]+$/)
      const speakerUrl = page.url()
      expect(await page.locator('h1').innerText()).toBe(name)
      expect(await page.locator('.affiliation').innerText()).not.toBe('')
      const chairing = page.getByTestId('speaker-chairs')
      expect(await chairing.innerText()).toContain('主论坛：推进现代化医院建设')
      expect(await chairing.locator('.badge').first().innerText()).toBe('主持')
      const talks = page.getByTestId('speaker-sessions').locator('.session')
      expect(await talks.count()).toBeGreaterThan(0)
      expect(await talks.first().locator('time').innerText()).toMatch(/^\d{2}:\d{2}–\d{2}:\d{2}$/)
      // Each session names its forum, linking to that forum's page at the session.
      const forumLink = talks.first().locator('.meta a')
      expect(await forumLink.getAttribute('href')).toMatch(/^\/events\/shanghai-hospital-management-congress-2026\/forums\/[a-z0-9-]+#session-[a-z0-9]+$/)

      await context.addCookies([englishCookie()])
      await page.goto(speakerUrl)
      expect(await page.locator('html').getAttribute('lang')).toBe('en')
      expect(await page.locator('h1').innerText()).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+/)
      expect(await page.locator('.other-name').innerText()).toBe(name)
      expect(await page.getByRole('heading', { name: 'Chairing' }).count()).toBe(1)
      expect(await page.getByTestId('speaker-chairs').locator('.badge').first().innerText()).toBe('Chair')
    }))

  test('the event page links speaker names to their pages', () =>
    withPage({ viewport: desktop, locale: 'zh-CN' }, async (page) => {
      await page.goto(congress)
      const link = page.locator('.session .speaker a').first()
      const href = await link.getAttribute('href')
      expect(href).toMatch(/^\/events\/shanghai-hospital-management-congress-2026\/speakers\/[a-z0-9]+$/)
      const res = await page.goto(`${baseUrl}${href}`)
      expect(res?.status()).toBe(200)
    }))

  test('unknown forums and speakers are 404s in the user’s language', () =>
    withPage({ viewport: phone, locale: 'zh-CN' }, async (page) => {
      for (const path of ['/forums/no-such-forum', '/forums/Bad%20Slug', '/speakers/cnosuchspeaker0000000000', '/speakers/NOT_AN_ID!']) {
        const res = await page.goto(`${congress}${path}`)
        expect(res?.status(), path).toBe(404)
        expect(await page.locator('h1').innerText()).toBe('页面不存在')
      }
      const unknownEvent = await page.goto(`${baseUrl}/events/no-such-event/forums/main`)
      expect(unknownEvent?.status()).toBe(404)
    }))

  test('anonymous visitors get forum and speaker pages from the micro-cache', async () => {
    const forum = `${congress}/forums/sub-02`
    await fetch(forum)
    expect((await fetch(forum)).headers.get('x-page-cache')).toMatch(/^(HIT|WAIT)$/)
    const html = await (await fetch(forum)).text()
    const speaker = /href="(\/events\/[^"]+\/speakers\/[a-z0-9]+)"/.exec(html)![1]!
    await fetch(`${baseUrl}${speaker}`)
    expect((await fetch(`${baseUrl}${speaker}`)).headers.get('x-page-cache')).toMatch(/^(HIT|WAIT)$/)
    // 404s are never cached.
    await fetch(`${congress}/forums/no-such-forum`)
    expect((await fetch(`${congress}/forums/no-such-forum`)).headers.get('x-page-cache')).toBe('MISS')
  })
})

describe('topics and rooms (issue 15)', () => {
  test('the events list filters by the topic chosen in its form, kept in the URL; each card names its topics, linking to that filter', () =>
    withPage({ viewport: desktop, locale: 'en' }, async (page, context) => {
      await context.addCookies([englishCookie()])
      await page.goto(`${baseUrl}/events`)
      const topic = page.locator('select[name="topic"]')
      expect(await topic.inputValue()).toBe('')
      await topic.selectOption({ label: 'Nursing' })
      await page.getByRole('button', { name: 'Search', exact: true }).click()
      await page.waitForURL(/[?&]topic=nursing(&|$)/)
      const cards = page.locator('.event-card')
      // A client navigation (the form is a GET): the address changes before the filtered list is drawn.
      await expect
        .poll(() => cards.locator('h2').allInnerTexts(), { timeout: 15_000 })
        .not.toContain('Shanghai Hospital Management Summit Forum and the 2nd National Seminar on Updating Hospital Management Knowledge')
      const titles = await cards.locator('h2').allInnerTexts()
      expect(titles).toEqual(expect.arrayContaining(['The 17th Shanghai Hospital Management Congress', 'Hospital infection control webinar (on air)']))
      expect(titles).not.toContain('Shanghai Hospital Management Summit Forum and the 2nd National Seminar on Updating Hospital Management Knowledge')
      for (const labels of await cards.getByTestId('event-topics').allInnerTexts()) expect(labels).toContain('Nursing')
      expect(await topic.inputValue()).toBe('nursing')
      // A topic on a card is a link to the list filtered by it.
      const congressCard = cards.filter({ hasText: 'The 17th Shanghai Hospital Management Congress' })
      expect(await congressCard.getByTestId('event-topics').locator('a').allInnerTexts()).toEqual(['Hospital management', 'Nursing', 'Public health'])
      await congressCard.getByRole('link', { name: 'Public health' }).click()
      await page.waitForURL(/[?&]topic=public-health$/)
      // A client navigation: the address changes before the new list is drawn.
      await expect.poll(() => page.locator('.event-card h2').allInnerTexts(), { timeout: 15_000 }).toEqual(['The 17th Shanghai Hospital Management Congress'])
    }))

  test('the forum page and the event page’s forum cards say where: the venue and the forum’s room', () =>
    withPage({ viewport: desktop, locale: 'zh-CN' }, async (page, context) => {
      await page.goto(`${congress}/forums/sub-03`)
      expect(await page.getByTestId('forum-place').innerText()).toBe('地点：上海国际会议中心 · 4楼 403会议室，上海')
      await context.addCookies([englishCookie()])
      await page.goto(congress)
      const mainCard = page.locator('.forum-card.main')
      expect(await mainCard.locator('.forum-place').innerText()).toBe('Where: Shanghai International Convention Center · Shanghai Hall, 7th floor, 上海')
    }))
})

describe('my calendar', () => {
  test('a confirmed attendee downloads their own calendar: their agenda (the main forum until they choose) less breaks, public UIDs, named for them', async () => {
    const { context, page } = await signedUp(browser, baseUrl, 'mycal')
    try {
      await page.goto(`${congress}/register`)
      await page.getByLabel('工作单位').fill('上海市第一人民医院')
      await page.getByRole('button', { name: '提交报名' }).click()
      await page.getByTestId('ticket-status').waitFor()
      expect(await page.getByTestId('ticket-status').getAttribute('data-status')).toBe('CONFIRMED')
      const href = await page.getByTestId('my-calendar-link').getAttribute('href')
      expect(href).toBe('/events/shanghai-hospital-management-congress-2026/my-calendar.ics')
      // The event page offers it as well, now that they are registered.
      await page.goto(congress)
      expect(await page.getByTestId('my-calendar-link').getAttribute('href')).toBe(href)

      const download = async () => {
        const res = await context.request.get(`${baseUrl}${href}`)
        expect(res.status()).toBe(200)
        expect(res.headers()['content-type']).toMatch(/^text\/calendar/)
        expect(res.headers()['cache-control']).toBe('private, no-store')
        const text = await res.text()
        return { text, events: Object.values(ical.sync.parseICS(text)).filter((c): c is VEvent => c?.type === 'VEVENT') }
      }
      const { text, events: mine } = await download()
      // Long lines are folded (RFC 5545 §3.1); unfold before reading the calendar's name.
      expect(text.replace(/\r\n[ \t]/g, '')).toMatch(/^X-WR-CALNAME:测试mycal的日程：第十七届上海市医院管理学术大会\r$/m)

      const publicText = await (await fetch(`${congress}/calendar.ics`)).text()
      const all = Object.values(ical.sync.parseICS(publicText)).filter((c): c is VEvent => c?.type === 'VEVENT')
      expect(all).toHaveLength(90)
      const breaks = all.filter((e) => String(e.summary) === '茶歇')
      expect(breaks).toHaveLength(13)
      // Each session's forum, from the schedule; both calendars' LOCATION is where the forum is held.
      type Json = { schedule: { days: { rooms: { name: string; sessions: { uid: string; kind: string }[] }[] }[] } }
      const { schedule } = (await (await fetch(`${congress}/schedule.json`)).json()) as Json
      const uidsOf = (forums: string[]) =>
        schedule.days
          .flatMap((d) => d.rooms.filter((r) => forums.includes(r.name)).flatMap((r) => r.sessions))
          .filter((x) => x.kind !== 'BREAK')
          .map((x) => x.uid)
          .sort()
      // The main forum is held in the venue's Shanghai Hall (issue 15, "venue and room"), in the public calendar and the attendee's.
      const mainHall = '上海国际会议中心 · 7楼 上海厅, 上海, 浦东新区滨江大道2727号'
      expect(all.filter((e) => uidsOf(['主论坛：推进现代化医院建设']).includes(e.uid)).map((e) => String(e.location))).toEqual(Array(5).fill(mainHall))

      // Nothing chosen yet: the main forum stands in.
      await page.goto(`${congress}/my-agenda`)
      const chosen = page.locator('label[data-testid^="agenda-"]:has(input:checked) strong')
      expect(await chosen.count()).toBe(1)
      const mainForum = (await chosen.textContent())!
      expect(mine.map((e) => e.uid).sort()).toEqual(uidsOf([mainForum]))
      expect(mine.length).toBeGreaterThan(0)
      expect(mine.map((e) => String(e.location))).toEqual(Array(mine.length).fill(mainHall))

      // A sub-forum added to the agenda: the calendar follows.
      const sub = page.locator('label[data-testid^="agenda-"]:not(:has(input:checked))').first()
      const subForum = (await sub.locator('strong').textContent())!
      await sub.locator('input').check()
      await page.getByRole('button', { name: '保存我的日程' }).click()
      await page.getByText('已保存').waitFor()
      const { events: after } = await download()
      expect(after.map((e) => e.uid).sort()).toEqual(uidsOf([mainForum, subForum]))
    } finally {
      await context.close()
    }
  })

  test('anonymous visitors are sent to log in; signed-in users who are not registered are refused with a message', async () => {
    const anonymous = await fetch(`${congress}/my-calendar.ics`, { redirect: 'manual' })
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('location')).toBe('/login?redirectTo=%2Fevents%2Fshanghai-hospital-management-congress-2026%2Fmy-calendar.ics')

    const { context } = await signedUp(browser, baseUrl, 'nocal')
    try {
      const refused = await context.request.get(`${congress}/my-calendar.ics`)
      expect(refused.status()).toBe(403)
      expect(await refused.text()).toBe('只有报名已确认的参会者才能下载个人日历。请先报名，或等待报名确认。')
      const unknown = await context.request.get(`${baseUrl}/events/no-such-event/my-calendar.ics`)
      expect(unknown.status()).toBe(404)
    } finally {
      await context.close()
    }
  })
})
