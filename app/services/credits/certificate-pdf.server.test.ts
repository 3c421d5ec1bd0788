import { describe, expect, test } from 'vitest'
import { decodeQrFromPdf } from '../../../tests/helpers/qr-from-pdf.ts'
import { renderCertificatePdf, type CertificatePage } from './certificate-pdf.server.ts'

const samplePage: CertificatePage = {
  issuerZh: '上海市医院协会',
  issuerEn: 'Shanghai Hospital Association',
  holderName: '欧阳明珠',
  activityZh: '抗菌药物临床合理应用师资培训班',
  activityEn: 'Antimicrobial Stewardship Instructor Training',
  datesZh: '2027年3月1日',
  datesEn: '1 March 2027',
  schemeZh: 'Ⅰ类学分',
  schemeEn: 'China CME Class I credit',
  projectNumber: '2027-04-01-023(国)',
  projectLevelZh: '国家级',
  projectLevelEn: 'national',
  credits: 6,
  issuedOn: '2027-03-02',
  certificateNumber: 'CABCDEFGHIJKLMNOPQRST',
  status: 'VALID',
  verifyUrl: 'http://localhost:3000/verify/C1.AQ1jbTN4OWsyYWIwMDAxcXo4aDV0N3YydzR5AAAAlgAATg-x0Q3yLZ3Hz2b5Mnlh0eVbwVJ3s0S6-1Xc0l3e3bCM9k3N2f8Gk5a6G_1ZqL-8y2uO8h0cQmHt1nqk4gPW1vb3o0EQ',
}

describe('renderCertificatePdf', () => {
  test('an A4 page with an embedded font subset, under 100 KB', async () => {
    const pdf = await renderCertificatePdf(samplePage)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.length).toBeLessThan(100 * 1024)
    const text = pdf.toString('latin1')
    expect(text).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/)
    expect(text).toMatch(/\/FontFile2/) // the font is embedded, not referenced
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+/) // as a subset (tag + name)
  })

  test('its QR code decodes back to the verify URL', async () => {
    expect(decodeQrFromPdf(await renderCertificatePdf(samplePage))).toBe(samplePage.verifyUrl)
  })
})
