import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { createPrisma, type Db } from '../../app/utils/db.server.ts'
import { loggedIn } from '../helpers/browser-session.ts'
import { launchChromium } from '../helpers/chromium.ts'
import { createEvent } from '../helpers/fixtures.ts'
import { textBoxes } from '../helpers/pdf-text.ts'
import { encodePng, sampleLogo, sampleSeal } from '../helpers/sample-artwork.ts'

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

test('staff upload a seal and a logo for the host association and signatories for one event; SVG and oversize uploads are refused in words, and the specimen certificate carries them', async () => {
  const event = await createEvent(db)
  const host = await db.organisation.create({ data: { nameZh: `华东感染病学会 ${Date.now()}`, nameEn: 'East China Society of Infectious Diseases' } })
  await db.eventOrganisation.create({ data: { eventId: event.id, organisationId: host.id, role: 'HOST', position: 0 } })
  const staff = await loggedIn(browser, baseUrl, 'staff@demo.cme-forum.org')
  const page = staff.page
  await page.goto(`${baseUrl}/staff/events/${event.id}`)
  await page.getByRole('link', { name: '证书落款与印章' }).click()
  await page.waitForURL(`**/staff/events/${event.id}/certificate-artwork`)

  // An SVG renamed .png is refused by its bytes, next to its field, in Chinese; nothing is saved.
  const association = page.getByTestId('artwork-organisation')
  await association.locator('input[name="seal"]').setInputFiles({ name: 'seal.png', mimeType: 'image/png', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') })
  await association.getByRole('button', { name: '保存' }).click()
  await expect.poll(() => association.getByRole('alert').first().textContent()).toContain('只接受 PNG 或 JPEG 图片')
  expect(await db.certificateArtwork.count({ where: { organisationId: host.id } })).toBe(0)

  // The association's seal and logo.
  await association.locator('input[name="seal"]').setInputFiles({ name: 'seal.png', mimeType: 'image/png', buffer: sampleSeal() })
  await association.locator('input[name="logo"]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: sampleLogo() })
  await association.getByRole('button', { name: '保存' }).click()
  await association.getByRole('img', { name: '公章' }).waitFor()
  expect(await association.getByRole('img', { name: '公章' }).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(240)

  // The event's own signatories.
  const own = page.getByTestId('artwork-event')
  await own.getByLabel('签名人 1 姓名').fill('王建国')
  await own.getByLabel('签名人 1 职务').fill('会长')
  await own.getByRole('button', { name: '保存' }).click()
  await expect.poll(() => own.getByRole('status').textContent()).toBeTruthy()

  // The body limit of this path lets a 1 MB image through to the checks (a field error, not a 413).
  const big = Buffer.concat([encodePng(16, 16, () => [0, 0, 0, 255]), Buffer.alloc(1024 * 1024 + 10)])
  const url = `${baseUrl}/staff/events/${event.id}/certificate-artwork`
  const tooBig = await page.request.post(url, { multipart: { target: 'event', logo: { name: 'big.png', mimeType: 'image/png', buffer: big } }, headers: { accept: 'application/json' } })
  expect(tooBig.status()).toBe(422)
  // The specimen certificate: the association's name, the event's signatory, no emblem but the uploaded images.
  const pdf = await page.request.get(`${baseUrl}/staff/events/${event.id}/certificate-preview.pdf`)
  expect(pdf.status()).toBe(200)
  const text = (await textBoxes(await pdf.body())).boxes.map((b) => b.text).join('\n')
  expect(text).toContain('East China Society of Infectious Diseases')
  expect(text).toContain('王建国')
  expect(text).toContain('SPECIMEN')
  const audits = await db.auditLog.count({ where: { type: 'certificate.artwork_saved', data: { path: ['eventId'], equals: event.id } } })
  expect(audits).toBe(2)
  // A body past 3 MB is refused before it is read (last: the server closes that connection).
  const flood = await page.request.post(url, { multipart: { target: 'event', logo: { name: 'flood.png', mimeType: 'image/png', buffer: Buffer.alloc(3 * 1024 * 1024 + 1) } } })
  expect(flood.status()).toBe(413)
  expect(await flood.text()).toContain('3 MB')

  await staff.context.close()
})
