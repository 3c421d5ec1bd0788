import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import jsQR from 'jsqr'

/** Fails with what to install when poppler's pdftoppm is missing (`npm test` installs poppler-utils on Debian). */
function requirePdftoppm() {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' })
  } catch {
    throw new Error('pdftoppm is needed to read QR codes from PDFs: sudo apt-get install poppler-utils')
  }
}

/**
 * Renders the first page of a PDF to a grey-scale image with poppler (an independent PDF
 * renderer) and decodes the QR code on it with jsQR (an independent decoder).
 */
export function decodeQrFromPdf(pdf: Buffer | Uint8Array, dpi = 110): string | null {
  requirePdftoppm()
  const dir = mkdtempSync(path.join(tmpdir(), 'qr-'))
  try {
    writeFileSync(path.join(dir, 'doc.pdf'), pdf)
    execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-singlefile', '-f', '1', '-l', '1', path.join(dir, 'doc.pdf'), path.join(dir, 'page')])
    const file = readFileSync(path.join(dir, 'page.pgm'))
    const header = file
      .subarray(0, 64)
      .toString('latin1')
      .match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/)
    if (!header) throw new Error('pdftoppm did not write a binary PGM')
    const width = Number(header[1])
    const height = Number(header[2])
    const grey = file.subarray(header[0].length)
    const rgba = new Uint8ClampedArray(width * height * 4)
    for (let i = 0; i < width * height; i++) {
      const v = grey[i]!
      rgba[i * 4] = v
      rgba[i * 4 + 1] = v
      rgba[i * 4 + 2] = v
      rgba[i * 4 + 3] = 255
    }
    return jsQR(rgba, width, height)?.data ?? null
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
