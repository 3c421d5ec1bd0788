import { crc32, deflateSync } from 'node:zlib'

/** A real PNG (8-bit RGBA, not interlaced) of `width`×`height`, each pixel from `pixel(x, y)` as [r, g, b, a]. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc(height * (1 + width * 4))
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 4)
    raw[row] = 0 // filter: none
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 4)
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, 6, 0, 0, 0], 8)
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

const inStar = (x: number, y: number, cx: number, cy: number, r: number) => {
  // A five-pointed star as the union of its five triangles' half-planes test: angle-based radius.
  const a = Math.atan2(y - cy, x - cx) + Math.PI / 2
  const d = Math.hypot(x - cx, y - cy)
  const sector = ((a % ((2 * Math.PI) / 5)) + (2 * Math.PI) / 5) % ((2 * Math.PI) / 5)
  const t = Math.abs(sector - Math.PI / 5) / (Math.PI / 5) // 0 at a valley, 1 at a point
  const inner = r * 0.382
  return d <= inner + (r - inner) * t
}

/** A specimen seal for samples and tests: a red double ring around a star, transparent outside (no text, no real body's mark). */
export function sampleSeal(size = 240): Buffer {
  const c = size / 2
  return encodePng(size, size, (x, y) => {
    const d = Math.hypot(x - c, y - c)
    const red: [number, number, number, number] = [200, 30, 30, 235]
    if ((d <= c - 2 && d >= c - 12) || (d <= c - 18 && d >= c - 21)) return red
    if (inStar(x, y, c, c, c * 0.36)) return red
    return [255, 255, 255, 0]
  })
}

/** A specimen logo: an open book in ink blue on a transparent ground (wide, as association logos are). */
export function sampleLogo(width = 360, height = 120): Buffer {
  return encodePng(width, height, (x, y) => {
    const cx = width / 2
    const top = 20 + Math.abs(x - cx) * 0.12
    const inBook = Math.abs(x - cx) <= 90 && y >= top && y <= top + 70 && Math.abs(x - cx) >= 3
    const inLine = Math.abs(x - cx) >= 20 && Math.abs(x - cx) <= 75 && [40, 55, 70].some((l) => Math.abs(y - (l + Math.abs(x - cx) * 0.12)) < 2)
    if (inBook && !inLine) return [31, 42, 68, 255]
    return [255, 255, 255, 0]
  })
}
