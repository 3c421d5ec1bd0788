import { readFileSync } from 'node:fs'
import path from 'node:path'
import * as fontkit from 'fontkit'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import type { ArtworkSet } from '~/domain/certificate-artwork.ts'

/**
 * The certificate page (A4 portrait, Chinese and English) and the yearly transcript, drawn
 * with pdfkit. The CJK font ships in the repo (public/fonts, SIL OFL) and pdfkit embeds only
 * the glyphs used, so output is the same on every host and a page stays far below 100 KB
 * (plus the issuer's logo and seal, when uploaded). The QR code is drawn as vector squares
 * (crisp at any zoom, a few KB). No emblem is drawn: the red cross is protected by law in
 * China, and an association's own logo is the only mark at the top (issue 14).
 *
 * Every text is placed by measuring it first (heightOfString), so long names and titles wrap
 * within their box and push what follows down instead of running into it;
 * certificate-pdf.server.test.ts extracts the text boxes with pdfjs and fails on any overlap.
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

export type ProjectLine = { number: string; level: { zh: string; en: string } | null }

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
  /** The project number, once, with its level (app/domain/certificate-text.ts, projectNumberLine). */
  project: ProjectLine | null
  credits: number
  /** YYYY-MM-DD in the event's time zone. */
  issuedOn: string
  certificateNumber: string
  status: 'VALID' | 'REVOKED' | 'SUPERSEDED'
  verifyUrl: string
  /** The issuer's logo, seal and signatories (none: the page leaves their places blank). */
  artwork?: ArtworkSet
  /** A staff preview: "样本 SPECIMEN" across the page. */
  specimen?: boolean
}

const INK = '#1f2a44'
const ACCENT = '#9b2c2c'
const MUTED = '#5b6475'
const RULE = '#c9ced8'

const A4 = { width: 595.28, height: 841.89 }
/** The inner frame of the certificate; nothing is drawn outside it. */
const FRAME = { left: 62, right: A4.width - 62 }

/**
 * Where the issuer's seal goes (落款): a square, 42 mm wide (the size of an official round
 * seal), at the bottom right over the issuer's name and the date, as Chinese practice wants it
 * ("骑年盖月"). An uploaded seal is printed here; without one the square is left clear for a
 * wet stamp. Only the issuer's name and the date lie inside it.
 */
export const STAMP_ZONE = { x: A4.width - 62 - 130, y: 596, width: 130, height: 130 }
/** The signatories' row, left of the stamp: a blank band to sign in, a rule, then name and title. */
const SIGNATURE_ROW = { x: FRAME.left, y: 600, width: STAMP_ZONE.x - 16 - FRAME.left, signSpace: 34 }
/** The QR code and the note on checking it, bottom left. */
const QR = { x: FRAME.left, size: 92, y: A4.height - 58 - 92 }
/** The body (title to credit table) must end above the signatures. */
const BODY_BOTTOM = STAMP_ZONE.y - 6

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

/** Writes `text` centred (or aligned) in a box from `y`, wrapping within `width`; returns the y below it. */
function block(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  width: number,
  options: { size: number; color: string; align?: 'left' | 'center' | 'right'; gap?: number; characterSpacing?: number; measureOnly?: boolean },
): number {
  doc.fontSize(options.size).fillColor(options.color)
  const opts = { width, align: options.align ?? 'center', characterSpacing: options.characterSpacing, lineGap: 1 }
  const height = doc.heightOfString(text, opts)
  if (!options.measureOnly) doc.text(text, x, y, opts)
  return y + height + (options.gap ?? 0)
}

/** Fits a one-paragraph text in at most `lines` lines by stepping its size down (never below `min`). */
function fittedSize(doc: PDFKit.PDFDocument, text: string, width: number, size: number, min: number, lines: number): number {
  for (let s = size; s > min; s -= 1) {
    doc.fontSize(s)
    if (doc.heightOfString(text, { width, lineGap: 1 }) <= lines * (doc.currentLineHeight(true) + 1) + 0.5) return s
  }
  return min
}

function drawImage(doc: PDFKit.PDFDocument, image: { bytes: Uint8Array } | null | undefined, x: number, y: number, width: number, height: number): boolean {
  if (!image) return false
  try {
    doc.image(Buffer.from(image.bytes), x, y, { fit: [width, height], align: 'center', valign: 'center' })
    return true
  } catch {
    // Checked at upload (save-certificate-artwork.server.ts); a bad stored image leaves its place blank.
    return false
  }
}

export function drawCertificatePage(doc: PDFKit.PDFDocument, page: CertificatePage) {
  doc.registerFont('cjk', certificateFont())
  doc.font('cjk')
  const W = doc.page.width
  const H = doc.page.height
  const artwork = page.artwork

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

  // The body is measured first and its spacing tightened until it ends above the signatures,
  // whose place (and the stamp's) is fixed.
  const spacing = [1, 0.8, 0.6, 0.4, 0.25].find((k) => drawBody(doc, page, k, true) <= BODY_BOTTOM) ?? 0.25
  drawBody(doc, page, spacing, false)

  drawSignatories(doc, artwork?.signatories ?? [])
  drawIssuerBlock(doc, page, artwork)

  // QR code and how to check it
  drawQr(doc, page.verifyUrl, QR.x, QR.y, QR.size)
  const noteX = QR.x + QR.size + 12
  const noteW = STAMP_ZONE.x - 12 - noteX
  let ny = block(doc, '扫码验证 / Scan to verify', noteX, QR.y + 6, noteW, { size: 10, color: INK, align: 'left', gap: 4 })
  ny = block(doc, '证书经 Ed25519 数字签名，可用公布的公钥离线核验。', noteX, ny, noteW, { size: 8, color: MUTED, align: 'left', gap: 2 })
  block(doc, 'Digitally signed (Ed25519); verifiable offline with the published public key.', noteX, ny, noteW, { size: 8, color: MUTED, align: 'left' })

  const watermark = page.status === 'REVOKED' ? '已撤销 REVOKED' : page.status === 'SUPERSEDED' ? '已替换 SUPERSEDED' : page.specimen ? '样本 SPECIMEN' : null
  if (watermark) {
    doc
      .save()
      .rotate(-30, { origin: [W / 2, H / 2] })
      .fillColor(ACCENT)
      .opacity(0.25)
      .fontSize(80)
      .text(watermark, 0, H / 2 - 40, { width: W, align: 'center' })
      .restore()
    doc.opacity(1)
  }
}

/** The title, holder, activity and credit table, from the top; returns where it ends. `k` scales the spacing. */
function drawBody(doc: PDFKit.PDFDocument, page: CertificatePage, k: number, measureOnly: boolean): number {
  const W = doc.page.width
  const artwork = page.artwork
  const textX = FRAME.left + 10
  const textW = FRAME.right - FRAME.left - 20
  // The association's logo, when uploaded; no emblem otherwise.
  let y = 58
  if (artwork?.logo) {
    if (!measureOnly) drawImage(doc, artwork.logo, W / 2 - 100, y, 200, 56)
    y += 64
  } else y += 8
  y = block(doc, page.issuerZh, textX, y, textW, { size: 15, color: INK, gap: 2, measureOnly })
  y = block(doc, page.issuerEn, textX, y, textW, { size: fittedSize(doc, page.issuerEn, textW, 10, 8, 2), color: MUTED, gap: 18 * k, measureOnly })

  y = block(doc, '继续医学教育学分证书', textX, y, textW, { size: 28, color: ACCENT, characterSpacing: 4, gap: 4 * k, measureOnly })
  y = block(doc, 'Certificate of Continuing Medical Education Credit', textX, y, textW, { size: 13, color: INK, gap: 18 * k, measureOnly })

  y = block(doc, '兹证明 / This is to certify that', textX, y, textW, { size: 11, color: MUTED, gap: 6 * k, measureOnly })
  y = block(doc, page.holderName, textX, y, textW, { size: fittedSize(doc, page.holderName, textW, 26, 16, 1), color: INK, gap: 4 * k, measureOnly })
  if (!measureOnly)
    doc
      .lineWidth(0.6)
      .strokeColor(MUTED)
      .moveTo(W / 2 - 140, y)
      .lineTo(W / 2 + 140, y)
      .stroke()
  y += 12 * k

  y = block(doc, '参加了 / took part in', textX, y, textW, { size: 11, color: MUTED, gap: 6 * k, measureOnly })
  y = block(doc, page.activityZh, textX, y, textW, { size: fittedSize(doc, page.activityZh, textW, 15, 11, 2), color: INK, gap: 3, measureOnly })
  y = block(doc, page.activityEn, textX, y, textW, { size: fittedSize(doc, page.activityEn, textW, 11, 8, 2), color: INK, gap: 5 * k, measureOnly })
  y = block(doc, `${page.datesZh}  ·  ${page.datesEn}`, textX, y, textW, { size: 10, color: MUTED, gap: 16 * k, measureOnly })

  // Credit table: label left, value right; each row as tall as its taller cell.
  const rows: { label: string; value: string; size: number }[] = [
    { label: '学分类别 / Credit type', value: `${page.schemeZh} / ${page.schemeEn}`, size: 11 },
    ...(page.project
      ? [{ label: '项目编号 / Project number', value: page.project.level ? `${page.project.number}（${page.project.level.zh} / ${page.project.level.en}）` : page.project.number, size: 11 }]
      : []),
    { label: '学分 / Credits', value: formatCredits(page.credits), size: 16 },
    { label: '授予日期 / Date awarded', value: page.issuedOn, size: 11 },
    { label: '证书编号 / Certificate no.', value: page.certificateNumber, size: 11 },
  ]
  const labelX = 96
  const labelW = 160
  const valueX = labelX + labelW + 8
  const valueW = FRAME.right - 30 - valueX
  const rowGap = 8 * k
  const labelSize = 10
  for (const r of rows) {
    doc.fontSize(labelSize)
    const labelHeight = doc.heightOfString(r.label, { width: labelW })
    doc.fontSize(r.size)
    const valueHeight = doc.heightOfString(r.value, { width: valueW })
    // Labels sit on the value's first line (the credits value is larger).
    const labelY = y + Math.max(0, (doc.currentLineHeight() - labelSize) * 0.6)
    if (!measureOnly) {
      doc.fillColor(MUTED).fontSize(labelSize).text(r.label, labelX, labelY, { width: labelW })
      doc.fillColor(INK).fontSize(r.size).text(r.value, valueX, y, { width: valueW })
    }
    y += Math.max(labelHeight + (labelY - y), valueHeight) + rowGap
  }
  return y
}

/** Up to three signatories side by side: room to sign, a rule, the name and the title (wrapped). */
function drawSignatories(doc: PDFKit.PDFDocument, signatories: { name: string; title: string }[]) {
  if (signatories.length === 0) return
  const n = Math.min(signatories.length, 3)
  const colW = SIGNATURE_ROW.width / n
  signatories.slice(0, 3).forEach((s, i) => {
    const x = SIGNATURE_ROW.x + i * colW + 8
    const w = colW - 16
    const lineY = SIGNATURE_ROW.y + SIGNATURE_ROW.signSpace
    doc
      .lineWidth(0.5)
      .strokeColor(MUTED)
      .moveTo(x, lineY)
      .lineTo(x + w, lineY)
      .stroke()
    const y = block(doc, s.name, x, lineY + 4, w, { size: fittedSize(doc, s.name, w, 11, 8, 1), color: INK, gap: 1 })
    if (s.title) block(doc, s.title, x, y, w, { size: 8, color: MUTED })
  })
}

/** The issuer's name and the date inside the stamp zone, and the uploaded seal over them. */
function drawIssuerBlock(doc: PDFKit.PDFDocument, page: CertificatePage, artwork: ArtworkSet | undefined) {
  const z = STAMP_ZONE
  const [yy, mm, dd] = page.issuedOn.split('-').map(Number)
  const dateZh = yy && mm && dd ? `${yy}年${mm}月${dd}日` : page.issuedOn
  const zhSize = fittedSize(doc, page.issuerZh, z.width, 12, 8, 2)
  const enSize = fittedSize(doc, page.issuerEn, z.width, 8, 6, 3)
  doc.fontSize(zhSize)
  const zhH = doc.heightOfString(page.issuerZh, { width: z.width, lineGap: 1 })
  doc.fontSize(enSize)
  const enH = doc.heightOfString(page.issuerEn, { width: z.width, lineGap: 1 })
  doc.fontSize(10)
  const dateH = doc.heightOfString(dateZh, { width: z.width, lineGap: 1 })
  let y = z.y + (z.height - (zhH + 2 + enH + 6 + dateH)) / 2
  y = block(doc, page.issuerZh, z.x, y, z.width, { size: zhSize, color: INK, gap: 2 })
  y = block(doc, page.issuerEn, z.x, y, z.width, { size: enSize, color: MUTED, gap: 6 })
  block(doc, dateZh, z.x, y, z.width, { size: 10, color: INK })
  // The seal is printed over the name and date, as a stamp would be; multiply keeps the text legible through it.
  if (artwork?.seal) {
    doc.save()
    ;(doc as unknown as { blendMode?: (mode: string) => unknown }).blendMode?.('Multiply')
    drawImage(doc, artwork.seal, z.x + 5, z.y + 5, z.width - 10, z.height - 10)
    doc.restore()
  }
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

export type TranscriptRow = {
  /** The activity's own dates in its time zone (app/domain/certificate-text.ts, compactDateRange). */
  dates: string
  activityZh: string
  activityEn: string
  schemeZh: string
  schemeEn: string
  project: ProjectLine | null
  credits: number
}

export type TranscriptPage = {
  issuerZh: string
  issuerEn: string
  holderName: string
  year: number
  rows: TranscriptRow[]
  totals: { labelZh: string; labelEn: string; credits: number }[]
  chinaTotal: number
  required: number
  met: boolean
}

/** The transcript's columns: left edge and width; the credits column is right-aligned. */
const COLUMNS = [
  { x: 50, width: 76, zh: '日期', en: 'Dates' },
  { x: 132, width: 184, zh: '活动', en: 'Activity' },
  { x: 322, width: 90, zh: '学分类别', en: 'Credit type' },
  { x: 418, width: 84, zh: '项目编号', en: 'Project no.' },
  { x: 505, width: 40, zh: '学分', en: 'Credits' },
] as const
const PAGE_TOP = 50
const PAGE_BOTTOM = A4.height - 60

type Cell = { text: string; size: number; color: string }[]

/** The yearly transcript (学分核验) as an A4 PDF: one row per certificate, totals by scheme; every page numbered. */
export async function renderTranscriptPdf(page: TranscriptPage): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, bufferPages: true, info: { Title: `Credit transcript ${page.year}`, Author: page.issuerEn }, pdfVersion: '1.7' })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.registerFont('cjk', certificateFont())
  doc.font('cjk')
  const left = 50
  const width = A4.width - 100

  let y = PAGE_TOP
  y = block(doc, page.issuerZh, left, y, width, { size: 12, color: INK, gap: 1 })
  y = block(doc, page.issuerEn, left, y, width, { size: 9, color: MUTED, gap: 10 })
  y = block(doc, `${page.year} 年度继续医学教育学分汇总`, left, y, width, { size: 18, color: ACCENT, gap: 2 })
  y = block(doc, `Continuing medical education credit transcript ${page.year}`, left, y, width, { size: 11, color: INK, gap: 10 })
  y = block(doc, page.holderName, left, y, width, { size: 13, color: INK, gap: 14 })

  const cellHeight = (cell: Cell, w: number) =>
    cell.reduce((h, line) => {
      doc.fontSize(line.size)
      return h + doc.heightOfString(line.text, { width: w, lineGap: 0.5 })
    }, 0)
  const drawCell = (cell: Cell, x: number, top: number, w: number, align: 'left' | 'right') => {
    let cy = top
    for (const line of cell) {
      doc.fontSize(line.size).fillColor(line.color)
      const h = doc.heightOfString(line.text, { width: w, lineGap: 0.5 })
      doc.text(line.text, x, cy, { width: w, align, lineGap: 0.5 })
      cy += h
    }
  }
  const drawRow = (cells: Cell[], top: number) => {
    cells.forEach((cell, i) => drawCell(cell, COLUMNS[i]!.x, top, COLUMNS[i]!.width, i === cells.length - 1 ? 'right' : 'left'))
  }
  const rowHeight = (cells: Cell[]) => Math.max(...cells.map((c, i) => cellHeight(c, COLUMNS[i]!.width)))
  const rule = (at: number, color = RULE) =>
    doc
      .moveTo(left, at)
      .lineTo(left + width, at)
      .strokeColor(color)
      .lineWidth(0.5)
      .stroke()
  const headerCells: Cell[] = COLUMNS.map((c) => [
    { text: c.zh, size: 8.5, color: MUTED },
    { text: c.en, size: 7.5, color: MUTED },
  ])
  const drawHeader = (top: number) => {
    drawRow(headerCells, top)
    const bottom = top + rowHeight(headerCells) + 4
    rule(bottom, MUTED)
    return bottom + 6
  }
  y = drawHeader(y)
  for (const r of page.rows) {
    const cells: Cell[] = [
      [{ text: r.dates, size: 8.5, color: INK }],
      [
        { text: r.activityZh, size: 9, color: INK },
        { text: r.activityEn, size: 7.5, color: MUTED },
      ],
      [
        { text: r.schemeZh, size: 8.5, color: INK },
        { text: r.schemeEn, size: 7.5, color: MUTED },
      ],
      r.project
        ? [{ text: r.project.number, size: 8.5, color: INK }, ...(r.project.level ? [{ text: `${r.project.level.zh} / ${r.project.level.en}`, size: 7.5, color: MUTED }] : [])]
        : [{ text: '—', size: 8.5, color: MUTED }],
      [{ text: formatCredits(r.credits), size: 9, color: INK }],
    ]
    const h = rowHeight(cells)
    if (y + h > PAGE_BOTTOM) {
      doc.addPage({ size: 'A4', margin: 0 })
      doc.font('cjk')
      y = drawHeader(PAGE_TOP)
    }
    drawRow(cells, y)
    y += h + 5
    rule(y - 2.5)
  }
  if (page.rows.length === 0) y = block(doc, '本年度尚无有效证书 / No valid certificates this year', left, y + 4, width, { size: 9, color: MUTED, align: 'left', gap: 6 })

  // Totals by scheme, each label wrapped in its own box beside its figure.
  const totalLabelX = COLUMNS[2].x
  const totalLabelW = COLUMNS[4].x - 6 - totalLabelX
  const totals: Cell[][] = page.totals.map((t) => [
    [
      { text: t.labelZh, size: 8.5, color: INK },
      { text: t.labelEn, size: 7.5, color: MUTED },
    ],
    [{ text: formatCredits(t.credits), size: 9, color: INK }],
  ])
  const summary = `继续医学教育学分 Ⅰ类+Ⅱ类 / China CME Class I + II: ${formatCredits(page.chinaTotal)} / ${page.required}   ${page.met ? '✓ 已达标 / requirement met' : '未达标 / below the yearly requirement'}`
  doc.fontSize(10.5)
  const summaryH = doc.heightOfString(summary, { width })
  const totalsH = totals.reduce((h, [label]) => h + cellHeight(label!, totalLabelW) + 4, 0) + 14 + summaryH
  if (y + totalsH > PAGE_BOTTOM) {
    doc.addPage({ size: 'A4', margin: 0 })
    doc.font('cjk')
    y = PAGE_TOP
  }
  y += 6
  for (const [label, figure] of totals) {
    drawCell(label!, totalLabelX, y, totalLabelW, 'left')
    drawCell(figure!, COLUMNS[4].x, y, COLUMNS[4].width, 'right')
    y += cellHeight(label!, totalLabelW) + 4
  }
  rule(y + 2, MUTED)
  y += 10
  block(doc, summary, left, y, width, { size: 10.5, color: page.met ? INK : ACCENT, align: 'left' })

  // Page numbers, once every page exists.
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    block(doc, `第 ${i + 1} / ${range.count} 页 · Page ${i + 1} of ${range.count}`, left, A4.height - 40, width, { size: 7.5, color: MUTED })
  }
  doc.end()
  return done
}
