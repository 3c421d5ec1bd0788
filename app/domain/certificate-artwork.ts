/**
 * The issuer's artwork on certificates (issue 14): the association's logo, its seal (公章) and
 * the people who sign. Staff upload them per association and per event; an event's own item
 * wins over its host association's. Pure: bytes and records in, answers out.
 */

/** An uploaded image: PNG or JPEG only (SVG can carry scripts and is refused), bounded in bytes and pixels. */
export const ARTWORK_LIMITS = { bytes: 1024 * 1024, maxSide: 2000, minSide: 16, signatories: 3 } as const

export type ArtworkType = 'image/png' | 'image/jpeg'
export type ArtworkImage = { type: ArtworkType; width: number; height: number }
/** Why an upload is refused; each is an i18n key under `validation.` (see artworkProblemKey). */
export type ArtworkProblem = 'empty' | 'tooLarge' | 'notAnImage' | 'dimensions'

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/**
 * What an upload is, read from its bytes (never from its name or declared type): a PNG's
 * signature and IHDR chunk, or a JPEG's start-of-image marker and its first start-of-frame.
 */
export function inspectArtwork(bytes: Uint8Array): { ok: true; image: ArtworkImage } | { ok: false; problem: ArtworkProblem } {
  if (bytes.length === 0) return { ok: false, problem: 'empty' }
  if (bytes.length > ARTWORK_LIMITS.bytes) return { ok: false, problem: 'tooLarge' }
  const image = readPng(bytes) ?? readJpeg(bytes)
  if (!image) return { ok: false, problem: 'notAnImage' }
  const { width, height } = image
  if (width < ARTWORK_LIMITS.minSide || height < ARTWORK_LIMITS.minSide || width > ARTWORK_LIMITS.maxSide || height > ARTWORK_LIMITS.maxSide) return { ok: false, problem: 'dimensions' }
  return { ok: true, image }
}

/** The field error shown for a refused upload (`validation.artworkTooLarge?max=1 MB`). */
export function artworkProblemKey(problem: ArtworkProblem): string {
  switch (problem) {
    case 'empty':
      return 'validation.artworkEmpty'
    case 'tooLarge':
      return `validation.artworkTooLarge?max=${ARTWORK_LIMITS.bytes / 1024 / 1024} MB`
    case 'notAnImage':
      return 'validation.artworkType'
    case 'dimensions':
      return `validation.artworkDimensions?min=${ARTWORK_LIMITS.minSide}&max=${ARTWORK_LIMITS.maxSide}`
  }
}

const u16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!
const u32 = (b: Uint8Array, i: number) => ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!

function readPng(b: Uint8Array): ArtworkImage | null {
  if (b.length < 33 || PNG_SIGNATURE.some((v, i) => b[i] !== v)) return null
  // The first chunk is IHDR: length 13, then width and height (big-endian).
  if (u32(b, 8) !== 13 || String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!) !== 'IHDR') return null
  return { type: 'image/png', width: u32(b, 16), height: u32(b, 20) }
}

function readJpeg(b: Uint8Array): ArtworkImage | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8 || b[2] !== 0xff) return null
  let i = 2
  while (i + 3 < b.length) {
    if (b[i] !== 0xff) return null
    const marker = b[i + 1]!
    if (marker === 0xff) {
      i += 1 // fill byte
      continue
    }
    // Markers without a length: TEM and RST0–7.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2
      continue
    }
    // End of image or start of scan before any frame: not a picture we can size.
    if (marker === 0xd9 || marker === 0xda) return null
    const length = u16(b, i + 2)
    if (length < 2) return null
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC): precision, height, width.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 9 > b.length) return null
      return { type: 'image/jpeg', height: u16(b, i + 5), width: u16(b, i + 7) }
    }
    i += 2 + length
  }
  return null
}

export type Signatory = { name: string; title: string }

/** The artwork of one association or one event, as stored; null/empty where none was uploaded. */
export type ArtworkSet = {
  logo: { bytes: Uint8Array; type: ArtworkType } | null
  seal: { bytes: Uint8Array; type: ArtworkType } | null
  signatories: Signatory[]
}

export const NO_ARTWORK: ArtworkSet = { logo: null, seal: null, signatories: [] }

/**
 * What a certificate prints: item by item, the event's own logo, seal and signatories, else
 * its host association's (an event with its own signatories replaces the whole list).
 */
export function resolveArtwork(organisation: ArtworkSet | null, event: ArtworkSet | null): ArtworkSet {
  const o = organisation ?? NO_ARTWORK
  const e = event ?? NO_ARTWORK
  return {
    logo: e.logo ?? o.logo,
    seal: e.seal ?? o.seal,
    signatories: (e.signatories.length > 0 ? e.signatories : o.signatories).slice(0, ARTWORK_LIMITS.signatories),
  }
}

/** Signatories as stored (a JSON array); anything malformed is dropped rather than printed. */
export function readSignatories(value: unknown): Signatory[] {
  if (!Array.isArray(value)) return []
  return value
    .filter((s): s is Signatory => typeof s === 'object' && s !== null && typeof (s as Signatory).name === 'string' && typeof (s as Signatory).title === 'string')
    .filter((s) => s.name.trim() !== '')
    .slice(0, ARTWORK_LIMITS.signatories)
    .map((s) => ({ name: s.name, title: s.title }))
}
