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

const MARKER_OPEN = Buffer.from('<!--cme-fragment:')
const MARKER_CLOSE = Buffer.from('-->')

/** Where shared markup goes in a document: entry.server.tsx renders this, the stream puts the markup's bytes in its place. */
export function fragmentMarker(index: number): string {
  return `<!--cme-fragment:${index}-->`
}

/**
 * Each complete marker in `chunk` replaced by its fragment's bytes. Unless `final`, an
 * incomplete marker at the end (cut by a flush) is returned as `rest`, to go before the next bytes.
 * A marker can only come from fragmentMarker: React escapes `<` in every text and attribute it
 * writes, and Remix in the loader data of its inline scripts.
 */
export function spliceFragments(chunk: Buffer, fragments: readonly Buffer[], final: boolean): { pieces: Buffer[]; rest: Buffer } {
  const pieces: Buffer[] = []
  let pos = 0
  for (let at = chunk.indexOf(MARKER_OPEN, pos); at !== -1; at = chunk.indexOf(MARKER_OPEN, pos)) {
    const digits = at + MARKER_OPEN.length
    const close = chunk.indexOf(MARKER_CLOSE, digits)
    if (close === -1 || close - digits > 10) {
      if (close === -1 && !final && chunk.length - digits <= 10) {
        pieces.push(chunk.subarray(pos, at))
        return { pieces, rest: chunk.subarray(at) }
      }
      pieces.push(chunk.subarray(pos, digits))
      pos = digits
      continue
    }
    const text = chunk.toString('latin1', digits, close)
    const fragment = /^\d+$/.test(text) ? fragments[Number(text)] : undefined
    pieces.push(chunk.subarray(pos, fragment ? at : close + MARKER_CLOSE.length))
    if (fragment) pieces.push(fragment)
    pos = close + MARKER_CLOSE.length
  }
  // The end may be the start of a marker.
  let held = 0
  if (!final) {
    for (let k = Math.min(MARKER_OPEN.length - 1, chunk.length - pos); k > 0 && held === 0; k--) {
      if (chunk.subarray(chunk.length - k).equals(MARKER_OPEN.subarray(0, k))) held = k
    }
  }
  pieces.push(chunk.subarray(pos, chunk.length - held))
  return { pieces, rest: chunk.subarray(chunk.length - held) }
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
 * - Shared markup (an event's programme, app/utils/html-fragments.server.tsx) is rendered by
 *   React as a marker only (`fragmentMarker`), and its bytes, encoded once per fragment, go in
 *   here: a signed-in event page no longer re-encodes and copies its 55 KB of programme through
 *   React on every request (issue 16).
 */
export function stripNulBytes(options: { fragments?: readonly Buffer[] } = {}): Transform {
  const fragments = options.fragments ?? []
  let waiting: Buffer[] = []
  let bytes = 0
  let scheduled = false
  const send = (stream: Transform, final: boolean) => {
    scheduled = false
    if (bytes === 0) return
    let out = waiting.length === 1 ? waiting[0]! : Buffer.concat(waiting, bytes)
    waiting = []
    bytes = 0
    if (fragments.length > 0) {
      const { pieces, rest } = spliceFragments(out, fragments, final)
      out = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces)
      // A marker cut by a flush waits for the rest of it.
      if (rest.length > 0) {
        waiting.push(rest)
        bytes = rest.length
      }
    }
    if (out.length > 0) stream.push(out)
  }
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const clean = withoutNulBytes(chunk)
      if (clean.length > 0) {
        waiting.push(clean)
        bytes += clean.length
      }
      if (bytes >= FLUSH_BYTES) send(this, false)
      else if (!scheduled && bytes > 0) {
        scheduled = true
        setImmediate(() => send(this, false))
      }
      callback()
    },
    flush(callback) {
      send(this, true)
      callback()
    },
  })
}
