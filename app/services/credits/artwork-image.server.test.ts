import { deflateSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { encodePng, sampleSeal } from '../../../tests/helpers/sample-artwork.ts'
import { artworkRenders, pngPixelsAreWhole } from './artwork-image.server.ts'

/** `png` with its IDAT replaced by `idat` (CRCs are not checked by the inflation test). */
function withIdat(png: Buffer, idat: Buffer): Buffer {
  const head = png.subarray(0, 33)
  const length = Buffer.alloc(4)
  length.writeUInt32BE(idat.length)
  return Buffer.concat([head, length, Buffer.from('IDAT'), idat, Buffer.alloc(4), Buffer.from([0, 0, 0, 0]), Buffer.from('IEND'), Buffer.alloc(4)])
}

describe('pngPixelsAreWhole', () => {
  const png = encodePng(40, 30, (x, y) => [x * 6, y * 8, 0, 200])
  test.each([
    ['a whole RGBA PNG', png, true],
    ['the specimen seal', sampleSeal(), true],
    ['its pixel data cut short', png.subarray(0, png.length - 30), false],
    ['pixel data that inflates to less than the header promises', withIdat(png, deflateSync(Buffer.alloc(30 * 161 - 1))), false],
    ['a "zip bomb": 10 MB of zeros behind a 40×30 header', withIdat(png, deflateSync(Buffer.alloc(10 * 1024 * 1024))), false],
    ['pixel data that is not zlib at all', withIdat(png, Buffer.from('not zlib data at all')), false],
    ['no IDAT chunk', Buffer.concat([png.subarray(0, 33), Buffer.from([0, 0, 0, 0]), Buffer.from('IEND'), Buffer.alloc(4)]), false],
    ['a colour type and depth PNG does not define (RGB at 4 bits)', Buffer.from(png).fill(4, 24, 25).fill(2, 25, 26), false],
  ])('%s → %s', (_name, bytes, whole) => {
    expect(pngPixelsAreWhole(bytes)).toBe(whole)
  })
})

describe('artworkRenders', () => {
  test('pdfkit places a whole PNG, and is never handed a broken one', async () => {
    expect(await artworkRenders(sampleSeal(), 'image/png')).toBe(true)
    expect(await artworkRenders(withIdat(sampleSeal(), Buffer.from('garbage')), 'image/png')).toBe(false)
  })

  test('a JPEG whose markers pdfkit cannot read is refused', async () => {
    expect(await artworkRenders(Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]), 'image/jpeg')).toBe(false)
  })
})
