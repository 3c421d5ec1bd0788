import { Transform } from 'node:stream'

/** Above this many bytes waiting, a chunk goes out at once instead of at the end of the turn. */
const FLUSH_BYTES = 64 * 1024

function withoutNulBytes(chunk: Buffer): Buffer {
  if (chunk.indexOf(0) === -1) return chunk
  const out = Buffer.allocUnsafe(chunk.length)
  let n = 0
  for (const byte of chunk) if (byte !== 0) out[n++] = byte
  return out.subarray(0, n)
}

/**
 * The document's byte stream on its way from React to the socket.
 *
 * - React 18's renderToPipeableStream flushes its whole 2 KiB view buffer when a multi-byte
 *   character does not fit at its end, so the unused tail goes out as NUL bytes: "删除"
 *   arrives as "删\0\0除" (react#24985; fixed in React 19, which writes only the used part).
 *   HTML never carries a NUL that matters (the parser replaces it anyway), and 0x00 is never
 *   part of a multi-byte UTF-8 sequence, so dropping every 0x00 byte is exact.
 * - React writes a page as dozens of small chunks in one turn of the event loop; each one sent
 *   on its own cost a socket write (and a wake-up of the reader), about a third of a small
 *   page's server CPU under load (issue 16). The chunks of one turn leave together, once the
 *   turn is over or 64 KiB are waiting; streamed parts that come later still go out as soon
 *   as React writes them.
 */
export function stripNulBytes(): Transform {
  let waiting: Buffer[] = []
  let bytes = 0
  let scheduled = false
  const send = (stream: Transform) => {
    scheduled = false
    if (bytes === 0) return
    stream.push(waiting.length === 1 ? waiting[0] : Buffer.concat(waiting, bytes))
    waiting = []
    bytes = 0
  }
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const clean = withoutNulBytes(chunk)
      if (clean.length > 0) {
        waiting.push(clean)
        bytes += clean.length
      }
      if (bytes >= FLUSH_BYTES) send(this)
      else if (!scheduled && bytes > 0) {
        scheduled = true
        setImmediate(() => send(this))
      }
      callback()
    },
    flush(callback) {
      send(this)
      callback()
    },
  })
}
