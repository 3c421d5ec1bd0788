import { Transform } from 'node:stream'

/**
 * React 18's renderToPipeableStream flushes its whole 2 KiB view buffer when a multi-byte
 * character does not fit at its end, so the unused tail goes out as NUL bytes: "删除"
 * arrives as "删\0\0除" (react#24985; fixed in React 19, which writes only the used part).
 * HTML never carries a NUL that matters (the parser replaces it anyway), and 0x00 is never
 * part of a multi-byte UTF-8 sequence, so dropping every 0x00 byte is exact.
 */
export function stripNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (chunk.indexOf(0) === -1) return callback(null, chunk)
      const out = Buffer.allocUnsafe(chunk.length)
      let n = 0
      for (const byte of chunk) if (byte !== 0) out[n++] = byte
      callback(null, out.subarray(0, n))
    },
  })
}
