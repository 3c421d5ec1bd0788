import { deflateSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { ARTWORK_LIMITS, artworkProblemKey, inspectArtwork, readSignatories, resolveArtwork, type ArtworkSet } from './certificate-artwork.ts'

/** A real PNG header: signature, then an IHDR chunk of the given size (the CRC is not checked here). */
function png(width: number, height: number, extra = 0): Uint8Array {
  const b = Buffer.alloc(33 + extra)
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0)
  b.writeUInt32BE(13, 8)
  b.write('IHDR', 12, 'latin1')
  b.writeUInt32BE(width, 16)
  b.writeUInt32BE(height, 20)
  b[24] = 8
  b[25] = 6
  return b
}

/** A JPEG's markers: SOI, an APP0 segment, optionally DHT first, then a frame header (SOFn) of the given size. */
function jpeg(width: number, height: number, sof = 0xc0, withDht = false): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]
  const dht = withDht ? [0xff, 0xc4, 0x00, 0x05, 0x00, 0x00, 0x00] : []
  const frame = [0xff, sof, 0x00, 0x0b, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]
  return Uint8Array.from([0xff, 0xd8, ...app0, ...dht, ...frame, 0xff, 0xd9])
}

describe('inspectArtwork', () => {
  test.each([
    ['a PNG', png(600, 200), { type: 'image/png', width: 600, height: 200 }],
    ['a baseline JPEG', jpeg(800, 600), { type: 'image/jpeg', width: 800, height: 600 }],
    ['a progressive JPEG', jpeg(320, 240, 0xc2), { type: 'image/jpeg', width: 320, height: 240 }],
    ['a JPEG whose tables come before its frame', jpeg(1024, 768, 0xc0, true), { type: 'image/jpeg', width: 1024, height: 768 }],
    ['the largest sides allowed', png(2000, 2000), { type: 'image/png', width: 2000, height: 2000 }],
  ])('reads %s from its bytes', (_name, bytes, image) => {
    expect(inspectArtwork(bytes)).toEqual({ ok: true, image })
  })

  test.each([
    ['nothing', new Uint8Array(0), 'empty'],
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'notAnImage'],
    ['an SVG named .png (the bytes decide)', Buffer.from('<?xml version="1.0"?><svg/>'), 'notAnImage'],
    ['a GIF', Buffer.from('GIF89a\x10\x00\x10\x00', 'latin1'), 'notAnImage'],
    ['a WebP', Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1'), 'notAnImage'],
    ['a PDF', Buffer.from('%PDF-1.7\n'), 'notAnImage'],
    ['a truncated PNG', png(100, 100).subarray(0, 20), 'notAnImage'],
    ['a PNG whose first chunk is not IHDR', Buffer.from(png(100, 100)).fill(0x41, 12, 16), 'notAnImage'],
    ['a JPEG with no frame before its scan', Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0xff, 0xd9]), 'notAnImage'],
    ['a JPEG cut off inside its frame header', jpeg(100, 100).subarray(0, 24), 'notAnImage'],
    ['a PNG wider than allowed', png(2001, 100), 'dimensions'],
    ['a JPEG taller than allowed', jpeg(100, 4000), 'dimensions'],
    ['a PNG of 2^32-1 pixels a side', png(0xffffffff, 0xffffffff), 'dimensions'],
    ['a tiny PNG', png(8, 8), 'dimensions'],
    ['a file over 1 MB', png(100, 100, ARTWORK_LIMITS.bytes), 'tooLarge'],
  ])('refuses %s', (_name, bytes, problem) => {
    expect(inspectArtwork(bytes)).toEqual({ ok: false, problem })
  })

  test('a whole, valid PNG (as zlib writes it) passes', () => {
    const real = Buffer.concat([png(16, 16), deflateSync(Buffer.alloc(16 * 65))])
    expect(inspectArtwork(real).ok).toBe(true)
  })
})

describe('artworkProblemKey', () => {
  test.each([
    ['empty', 'validation.artworkEmpty'],
    ['tooLarge', 'validation.artworkTooLarge?max=1 MB'],
    ['notAnImage', 'validation.artworkType'],
    ['dimensions', 'validation.artworkDimensions?min=16&max=2000'],
  ] as const)('%s → %s', (problem, key) => {
    expect(artworkProblemKey(problem)).toBe(key)
  })
})

describe('resolveArtwork', () => {
  const logoA = { bytes: Uint8Array.of(1), type: 'image/png' as const }
  const logoB = { bytes: Uint8Array.of(2), type: 'image/jpeg' as const }
  const sealA = { bytes: Uint8Array.of(3), type: 'image/png' as const }
  const org: ArtworkSet = { logo: logoA, seal: sealA, signatories: [{ name: '王建国', title: '会长' }] }

  test.each([
    ['no artwork anywhere', null, null, { logo: null, seal: null, signatories: [] }],
    ['the association only', org, null, org],
    ['an event with its own logo keeps the association seal and signatories', org, { logo: logoB, seal: null, signatories: [] }, { logo: logoB, seal: sealA, signatories: org.signatories }],
    [
      'an event with its own signatories replaces the whole list',
      org,
      { logo: null, seal: null, signatories: [{ name: '李华', title: '项目负责人' }] },
      { logo: logoA, seal: sealA, signatories: [{ name: '李华', title: '项目负责人' }] },
    ],
    ['an event without a host association', null, { logo: logoB, seal: null, signatories: [] }, { logo: logoB, seal: null, signatories: [] }],
  ])('%s', (_name, organisation, event, expected) => {
    expect(resolveArtwork(organisation, event)).toEqual(expected)
  })
})

describe('readSignatories', () => {
  test.each([
    ['not an array', { name: 'x' }, []],
    ['well-formed entries', [{ name: '王建国', title: '会长' }], [{ name: '王建国', title: '会长' }]],
    ['entries without a name or with the wrong types are dropped', [{ name: ' ', title: 'x' }, { name: 1, title: 'x' }, null, { name: '李华', title: '' }], [{ name: '李华', title: '' }]],
    ['more than three: the first three', [1, 2, 3, 4].map((n) => ({ name: `N${n}`, title: '' })), [1, 2, 3].map((n) => ({ name: `N${n}`, title: '' }))],
    ['extra keys are not carried', [{ name: 'A', title: 'B', evil: '<x>' }], [{ name: 'A', title: 'B' }]],
  ])('%s', (_name, value, expected) => {
    expect(readSignatories(value)).toEqual(expected)
  })
})
