import { readFileSync } from 'node:fs'
import path from 'node:path'
import * as fontkit from 'fontkit'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'

/**
 * The certificate page (A4 portrait, Chinese and English), drawn with pdfkit. The CJK font
 * ships in the repo (public/fonts, SIL OFL) and pdfkit embeds only the glyphs used, so
 * output is the same on every host and a page stays far below 100 KB. The QR code is
 * drawn as vector squares (crisp at any zoom, a few KB).
 */
export const CERTIFICATE_FONT = path.resolve(process.cwd(), 'public/fonts/NotoSansSC-Subset-Regular.ttf')

let parsedFont: unknown
/**
 * The font, read and parsed once per process (pdfkit takes a fontkit font as well as a file):
 * reading and parsing 2.5 MB for every document was most of the render time. Each document
 * still embeds its own subset.
 */
function certificateFont(): Buffer {
  parsedFont ??= fontkit.create(readFileSync(CERTIFICATE_FONT))
  return parsedFont as Buffer
}

export type CertificatePage = {
  issuerZh: string
  issuerEn: string
  holderName: string
  activityZh: string
  activityEn: string
  /** Pre-formatted, e.g. "2027年3月1日–3日" / "1–3 March 2027". */
  datesZh: string
  datesEn: string
  schemeZh: string
  schemeEn: string
  projectNumber: string | null
  projectLevelZh: string | null
  projectLevelEn: string | null
  credits: number
  issuedOn: string
  certificateNumber: string
  status: 'VALID' | 'REVOKED' | 'SUPERSEDED'
  verifyUrl: string
}

const INK = '#1f2a44'
const ACCENT = '#9b2c2c'
const MUTED = '#5b6475'

export async function renderCertificatePdf(page: CertificatePage): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, info: { Title: `Certificate ${page.certificateNumber}`, Author: page.issuerEn, Subject: page.activityEn }, pdfVersion: '1.7' })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  drawCertificatePage(doc, page)
  doc.end()
  return done
}

export function drawCertificatePage(doc: PDFKit.PDFDocument, page: CertificatePage) {
  doc.registerFont('cjk', certificateFont())
  doc.font('cjk')
  const W = doc.page.width // 595.28
  const H = doc.page.height // 841.89
  const center = { width: W - 120, align: 'center' as const }

  // Border
  doc
    .lineWidth(3)
    .strokeColor(ACCENT)
    .rect(24, 24, W - 48, H - 48)
    .stroke()
  doc
    .lineWidth(0.8)
    .strokeColor(INK)
    .rect(34, 34, W - 68, H - 68)
    .stroke()

  // Association logo: a seal with a cross and a laurel arc, drawn as vectors.
  const lx = W / 2
  const ly = 100
  doc.lineWidth(2).strokeColor(ACCENT).circle(lx, ly, 30).stroke()
  doc.lineWidth(0.8).circle(lx, ly, 25).stroke()
  doc
    .fillColor(ACCENT)
    .rect(lx - 5, ly - 16, 10, 32)
    .fill()
    .rect(lx - 16, ly - 5, 32, 10)
    .fill()
  doc.fillColor(INK).fontSize(15).text(page.issuerZh, 60, 140, center)
  doc.fillColor(MUTED).fontSize(10).text(page.issuerEn, 60, 162, center)

  doc
    .fillColor(ACCENT)
    .fontSize(30)
    .text('继续医学教育学分证书', 60, 200, { ...center, characterSpacing: 4 })
  doc.fillColor(INK).fontSize(14).text('Certificate of Continuing Medical Education Credit', 60, 244, center)

  doc.fillColor(MUTED).fontSize(11).text('兹证明 / This is to certify that', 60, 292, center)
  doc.fillColor(INK).fontSize(26).text(page.holderName, 60, 314, center)
  doc
    .lineWidth(0.6)
    .strokeColor(MUTED)
    .moveTo(W / 2 - 140, 352)
    .lineTo(W / 2 + 140, 352)
    .stroke()

  doc.fillColor(MUTED).fontSize(11).text('参加了 / took part in', 60, 366, center)
  doc.fillColor(INK).fontSize(15).text(page.activityZh, 60, 388, center)
  doc.fontSize(11).text(page.activityEn, 60, doc.y + 2, center)
  doc
    .fillColor(MUTED)
    .fontSize(10)
    .text(`${page.datesZh}  ·  ${page.datesEn}`, 60, doc.y + 6, center)

  // Credit table
  let y = Math.max(doc.y + 24, 490)
  const rows: [string, string][] = [
    ['学分类别 / Credit type', `${page.schemeZh} / ${page.schemeEn}`],
    ...(page.projectNumber ? ([['项目编号 / Project number', `${page.projectNumber}${page.projectLevelZh ? `（${page.projectLevelZh} / ${page.projectLevelEn}）` : ''}`]] as [string, string][]) : []),
    ['学分 / Credits', formatCredits(page.credits)],
    ['授予日期 / Date awarded', page.issuedOn],
    ['证书编号 / Certificate no.', page.certificateNumber],
  ]
  for (const [label, value] of rows) {
    doc.fillColor(MUTED).fontSize(10).text(label, 90, y, { width: 170 })
    doc
      .fillColor(INK)
      .fontSize(label.startsWith('学分 /') ? 16 : 11)
      .text(value, 265, y - (label.startsWith('学分 /') ? 3 : 0), { width: 240 })
    y = Math.max(doc.y, y + 18) + 8
  }
  if (page.status !== 'VALID') {
    doc
      .save()
      .rotate(-30, { origin: [W / 2, H / 2] })
      .fillColor(ACCENT)
      .opacity(0.25)
      .fontSize(80)
      .text(page.status === 'REVOKED' ? '已撤销 REVOKED' : '已替换 SUPERSEDED', 0, H / 2 - 40, { width: W, align: 'center' })
      .restore()
    doc.opacity(1)
  }

  // QR code and how to check it
  const size = 112
  const qx = 80
  const qy = H - 80 - size
  drawQr(doc, page.verifyUrl, qx, qy, size)
  doc
    .fillColor(INK)
    .fontSize(10)
    .text('扫码验证 / Scan to verify', qx + size + 20, qy + 8, { width: 320 })
  doc
    .fillColor(MUTED)
    .fontSize(8)
    .text('证书经 Ed25519 数字签名，可用公布的公钥离线核验。', qx + size + 20, qy + 28, { width: 320 })
  doc.text('Digitally signed (Ed25519); verifiable offline with the published public key.', { width: 320 })
  doc
    .fillColor(INK)
    .fontSize(11)
    .text(`${page.issuerZh}  ${page.issuerEn}`, qx + size + 20, qy + 80, { width: 320 })
}

function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const n = qr.modules.size
  const quiet = 2
  const cell = size / (n + quiet * 2)
  doc.fillColor('#ffffff').rect(x, y, size, size).fill()
  doc.fillColor('#000000')
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell + 0.05, cell + 0.05)
    }
  }
  doc.fill()
}

export function formatCredits(credits: number) {
  return Number.isInteger(credits) ? String(credits) : credits.toFixed(2).replace(/0$/, '')
}

export type TranscriptPage = {
  issuerZh: string
  issuerEn: string
  holderName: string
  year: number
  rows: { date: string; activity: string; scheme: string; projectNumber: string | null; credits: number }[]
  totals: { label: string; credits: number }[]
  chinaTotal: number
  required: number
  met: boolean
}

/** The yearly transcript (学分核验) as an A4 PDF: one line per certificate, totals by scheme. */
export async function renderTranscriptPdf(page: TranscriptPage): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Credit transcript ${page.year}`, Author: page.issuerEn } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.registerFont('cjk', certificateFont())
  doc.font('cjk')
  doc.fillColor(INK).fontSize(12).text(`${page.issuerZh} · ${page.issuerEn}`, { align: 'center' })
  doc.moveDown(0.5).fillColor(ACCENT).fontSize(20).text(`${page.year} 年度学分汇总 · Credit transcript ${page.year}`, { align: 'center' })
  doc.moveDown(0.5).fillColor(INK).fontSize(13).text(page.holderName, { align: 'center' })
  doc.moveDown(1)
  const cols = [50, 120, 330, 430, 500]
  doc.fontSize(9).fillColor(MUTED)
  const header = ['日期 Date', '活动 Activity', '类别 Type', '项目编号 No.', '学分 Credits']
  let y = doc.y
  header.forEach((h, i) => doc.text(h, cols[i]!, y, { width: (cols[i + 1] ?? 545) - cols[i]! - 6 }))
  y = doc.y + 6
  doc.fillColor(INK)
  for (const r of page.rows) {
    if (y > 740) {
      doc.addPage()
      y = 50
    }
    const cells = [r.date, r.activity, r.scheme, r.projectNumber ?? '—', formatCredits(r.credits)]
    let bottom = y
    cells.forEach((c, i) => {
      doc.text(c, cols[i]!, y, { width: (cols[i + 1] ?? 545) - cols[i]! - 6 })
      bottom = Math.max(bottom, doc.y)
    })
    y = bottom + 4
  }
  doc
    .moveTo(50, y + 4)
    .lineTo(545, y + 4)
    .strokeColor(MUTED)
    .lineWidth(0.5)
    .stroke()
  y += 12
  for (const t of page.totals) {
    doc.text(t.label, 330, y, { width: 160 }).text(formatCredits(t.credits), 500, y)
    y = doc.y + 2
  }
  doc
    .moveDown(1)
    .fontSize(11)
    .fillColor(page.met ? INK : ACCENT)
  doc.text(
    `继续医学教育学分 Ⅰ类+Ⅱ类 / China CME Class I + II: ${formatCredits(page.chinaTotal)} / ${page.required}  ${page.met ? '✓ 已达标 requirement met' : '未达标 below the yearly requirement'}`,
    50,
    doc.y,
    { width: 495 },
  )
  doc.end()
  return done
}
