import { describe, expect, test } from 'vitest'
import { describeOverlaps, overlaps, textBoxes, type TextBox } from '../../../tests/helpers/pdf-text.ts'
import { decodeQrFromPdf } from '../../../tests/helpers/qr-from-pdf.ts'
import { artwork, demoPage, demoTranscript, englishPage, longestPage, longTranscript } from '../../../tests/helpers/document-samples.ts'
import { renderCertificatePdf, renderTranscriptPdf, STAMP_ZONE } from './certificate-pdf.server.ts'

const flat = (boxes: TextBox[]) => boxes.map((b) => b.text).join('\n')

describe('renderCertificatePdf', () => {
  test('an A4 page with an embedded font subset, under 100 KB', async () => {
    const pdf = await renderCertificatePdf(demoPage)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.length).toBeLessThan(100 * 1024)
    const text = pdf.toString('latin1')
    expect(text).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/)
    expect(text).toMatch(/\/FontFile2/) // the font is embedded, not referenced
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+/) // as a subset (tag + name)
  })

  test('its QR code decodes back to the verify URL, with the seal and logo on the page too', async () => {
    expect(decodeQrFromPdf(await renderCertificatePdf(demoPage))).toBe(demoPage.verifyUrl)
    expect(decodeQrFromPdf(await renderCertificatePdf(longestPage))).toBe(demoPage.verifyUrl)
  })

  test.each([
    ['the demo certificate', demoPage],
    ['an English name, two signatories, no images', englishPage],
    ['the longest names and titles, with logo, seal and three signatories', longestPage],
  ])('%s: no two pieces of text overlap, and all stay inside the frame', async (_name, page) => {
    const { boxes, pages } = await textBoxes(await renderCertificatePdf(page))
    expect(pages).toHaveLength(1)
    expect(describeOverlaps(overlaps(boxes))).toEqual([])
    for (const b of boxes) {
      expect(b.x0, b.text).toBeGreaterThanOrEqual(40)
      expect(b.x1, b.text).toBeLessThanOrEqual(pages[0]!.width - 40)
      expect(b.y0, b.text).toBeGreaterThanOrEqual(40)
      expect(b.y1, b.text).toBeLessThanOrEqual(pages[0]!.height - 40)
    }
    // Every word of the names and titles is on the page (wrapped, never cut off).
    const text = flat(boxes).replace(/\s+/g, '')
    for (const field of [page.holderName, page.activityZh, page.activityEn, page.issuerZh, page.issuerEn]) expect(text).toContain(field.replace(/\s+/g, ''))
  })

  test('the stamp zone holds only the issuer name and the date, for a wet stamp or the uploaded seal', async () => {
    for (const page of [demoPage, longestPage]) {
      const { boxes } = await textBoxes(await renderCertificatePdf(page))
      const inZone = boxes.filter((b) => b.x1 > STAMP_ZONE.x && b.x0 < STAMP_ZONE.x + STAMP_ZONE.width && b.y1 > STAMP_ZONE.y && b.y0 < STAMP_ZONE.y + STAMP_ZONE.height)
      const allowed = (page.issuerZh + page.issuerEn + '2026年4月19日').replace(/\s+/g, '')
      expect(inZone.length).toBeGreaterThan(0)
      for (const b of inZone) expect(allowed, b.text).toContain(b.text.replace(/\s+/g, ''))
    }
  })

  test('the project number is printed once, with its level once', async () => {
    const { boxes } = await textBoxes(await renderCertificatePdf(demoPage))
    const text = flat(boxes)
    expect(text.match(/2026-04-05-012/g)).toHaveLength(1)
    expect(text).toContain('2026-04-05-012（国家级 / national）')
    expect(text.match(/国家级/g)).toHaveLength(1)
  })

  test('signatories are printed by name and title; without artwork the page carries no image at all (no emblem)', async () => {
    const { boxes } = await textBoxes(await renderCertificatePdf(longestPage))
    const text = flat(boxes).replace(/\s+/g, '')
    for (const s of artwork.signatories) expect(text).toContain((s.name + s.title).replace(/\s+/g, ''))
    const bare = (await renderCertificatePdf(demoPage)).toString('latin1')
    expect(bare).not.toMatch(/\/Subtype \/Image/)
    const withArtwork = (await renderCertificatePdf(longestPage)).toString('latin1')
    // The logo and the seal, each an image with its alpha channel as a soft mask.
    expect(withArtwork.match(/\/Subtype \/Image/g)!.length).toBeGreaterThanOrEqual(2)
    expect(withArtwork).toMatch(/\/SMask/)
  })
})

describe('renderTranscriptPdf', () => {
  test.each([
    ['the demo transcript with the AMA row and all four totals', demoTranscript, 1],
    ['forty activities with the longest titles', longTranscript, 4],
  ])('%s: no overlaps, each cell within its column, every page numbered', async (_name, page, minPages) => {
    const pdf = await renderTranscriptPdf(page)
    expect(pdf.length).toBeLessThan(200 * 1024)
    const { boxes, pages } = await textBoxes(pdf)
    expect(pages.length).toBeGreaterThanOrEqual(minPages)
    expect(describeOverlaps(overlaps(boxes))).toEqual([])
    const columns = [
      [50, 126],
      [132, 316],
      [322, 412],
      [418, 502],
      [505, 545],
    ]
    // The table's rows on each page: below its column headers, above the totals (on the last page).
    const lastRowTop = Math.max(...boxes.filter((b) => b.page === pages.length && page.rows.some((r) => r.dates.startsWith(b.text))).map((b) => b.y0))
    const totalsTop = Math.min(...boxes.filter((b) => b.page === pages.length && b.text === page.totals[0]!.labelZh && b.y0 > lastRowTop).map((b) => b.y0))
    const headerBottom = (n: number) => Math.max(...boxes.filter((b) => b.page === n && b.text === 'Credits').map((b) => b.y1))
    let cells = 0
    for (const b of boxes) {
      expect(b.x0, b.text).toBeGreaterThanOrEqual(49.5)
      expect(b.x1, b.text).toBeLessThanOrEqual(545.5)
      expect(b.y1, b.text).toBeLessThanOrEqual(pages[b.page - 1]!.height - 30)
      const footer = b.y0 >= pages[b.page - 1]!.height - 45
      if (footer || b.y0 <= headerBottom(b.page) || (b.page === pages.length && b.y0 >= totalsTop)) continue
      // A cell's text starts and ends inside its own column.
      const column = columns.find(([from, to]) => b.x0 >= from! - 0.5 && b.x0 < to!)
      expect(column, `${b.text} starts between columns`).toBeDefined()
      expect(b.x1, `${b.text} leaves its column`).toBeLessThanOrEqual(column![1]! + 0.5)
      cells++
    }
    expect(cells).toBeGreaterThanOrEqual(page.rows.length * 7)
    for (let n = 1; n <= pages.length; n++) expect(boxes.some((b) => b.page === n && b.text.includes(`Page ${n} of ${pages.length}`))).toBe(true)
    // Every activity's dates and every title are there.
    const text = flat(boxes).replace(/\s+/g, '')
    for (const r of page.rows) expect(text).toContain(r.dates.replace(/\s+/g, ''))
    expect(text).toContain('AMAPRACategory1Credit™')
  })
})
