import { inflateSync } from 'node:zlib'
import PDFDocument from 'pdfkit'
import type { ArtworkType } from '~/domain/certificate-artwork.ts'

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }
const DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] }
/** Adam7's passes: x start, y start, x step, y step. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const

/**
 * Whether a PNG's pixel data is whole: its IDAT chunks inflate to exactly the bytes its header
 * promises. pdfkit inflates an image with an alpha channel asynchronously and throws from the
 * zlib callback when that fails, which would take the process down while printing a
 * certificate; so a PNG is proven here, once, at upload. The inflation is bounded by the header
 * (at most 2000×2000 pixels of 8 bytes, 32 MB), so a "zip bomb" stops at that size.
 */
export function pngPixelsAreWhole(bytes: Uint8Array): boolean {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (b.length < 33) return false
  const width = b.readUInt32BE(16)
  const height = b.readUInt32BE(20)
  const depth = b[24]!
  const colour = b[25]!
  const interlace = b[28]!
  if (!DEPTHS[colour]?.includes(depth) || interlace > 1) return false
  const bitsPerPixel = CHANNELS[colour]! * depth
  const rowBytes = (w: number) => 1 + Math.ceil((w * bitsPerPixel) / 8)
  let expected = 0
  if (interlace === 0) expected = height * rowBytes(width)
  else
    for (const [xs, ys, dx, dy] of ADAM7) {
      const w = Math.ceil((width - xs) / dx)
      const h = Math.ceil((height - ys) / dy)
      if (w > 0 && h > 0) expected += h * rowBytes(w)
    }
  const idat: Buffer[] = []
  let i = 8
  while (i + 8 <= b.length) {
    const length = b.readUInt32BE(i)
    const type = b.toString('latin1', i + 4, i + 8)
    if (i + 12 + length > b.length) return false
    if (type === 'IDAT') idat.push(b.subarray(i + 8, i + 8 + length))
    if (type === 'IEND') break
    i += 12 + length
  }
  if (idat.length === 0) return false
  try {
    return inflateSync(Buffer.concat(idat), { maxOutputLength: expected }).length === expected
  } catch {
    return false
  }
}

/** Whether pdfkit can place the image: a throwaway one-page document with it, written to the end. */
export async function artworkRenders(bytes: Uint8Array, type: ArtworkType): Promise<boolean> {
  if (type === 'image/png' && !pngPixelsAreWhole(bytes)) return false
  try {
    const doc = new PDFDocument({ size: [100, 100], margin: 0 })
    const done = new Promise<void>((resolve, reject) => {
      doc.on('data', () => undefined)
      doc.on('end', resolve)
      doc.on('error', reject)
    })
    doc.image(Buffer.from(bytes), 0, 0, { fit: [100, 100] })
    doc.end()
    await done
    return true
  } catch {
    return false
  }
}
