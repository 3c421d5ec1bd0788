import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

export type TextBox = { page: number; text: string; x0: number; y0: number; x1: number; y1: number; size: number; rotated: boolean }

/**
 * Every piece of text in a PDF with its box, read by pdfjs (an independent PDF reader): x from
 * the left, y from the top of the page (as pdfkit places it), in points. A box spans the advance
 * width of its glyphs and the font's em from 0.88 above the baseline to 0.12 below (Noto Sans
 * SC's ascent and descent), so two boxes overlap only when their glyphs could touch.
 */
export async function textBoxes(pdf: Uint8Array): Promise<{ boxes: TextBox[]; pages: { width: number; height: number }[] }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise
  const boxes: TextBox[] = []
  const pages: { width: number; height: number }[] = []
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n)
      const [, , width, height] = page.view as [number, number, number, number]
      pages.push({ width, height })
      const content = await page.getTextContent()
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue
        const [a, b, c, d, e, f] = item.transform as number[]
        const size = Math.hypot(c!, d!)
        const rotated = Math.abs(b!) > 1e-6 || Math.abs(c!) > 1e-6 || a! < 0
        const baseline = height - f!
        boxes.push({ page: n, text: item.str, x0: e!, x1: e! + item.width, y0: baseline - size * 0.88, y1: baseline + size * 0.12, size, rotated })
      }
    }
  } finally {
    await doc.destroy()
  }
  return { boxes, pages }
}

/** Pairs of boxes on the same page whose areas intersect by more than `tolerance` points each way. */
export function overlaps(boxes: TextBox[], tolerance = 0.5): [TextBox, TextBox][] {
  const found: [TextBox, TextBox][] = []
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const p = boxes[i]!
      const q = boxes[j]!
      if (p.page !== q.page) continue
      const dx = Math.min(p.x1, q.x1) - Math.max(p.x0, q.x0)
      const dy = Math.min(p.y1, q.y1) - Math.max(p.y0, q.y0)
      if (dx > tolerance && dy > tolerance) found.push([p, q])
    }
  }
  return found
}

/** A readable list of overlapping pairs, for a failing assertion. */
export function describeOverlaps(pairs: [TextBox, TextBox][]): string[] {
  const r = (b: TextBox) => `"${b.text}" p${b.page} [${b.x0.toFixed(1)},${b.y0.toFixed(1)}–${b.x1.toFixed(1)},${b.y1.toFixed(1)}]`
  return pairs.map(([p, q]) => `${r(p)} × ${r(q)}`)
}
