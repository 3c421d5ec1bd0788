import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { CERTIFICATE_CODE_PREFIX, createCertificateCode, hashHolderName, nameMatches, normaliseHolderName, verifyCertificateCode } from './certificate-code.ts'

const keys = generateKeyPairSync('ed25519')
const otherKeys = generateKeyPairSync('ed25519')
const payload = { certificateId: 'cm3x9k2ab0001qz8h5t7v2w4y', credits: 1.5, issuedOn: '2026-08-15', nameHash: hashHolderName('张伟') }

describe('normaliseHolderName', () => {
  test.each([
    ['张伟', '张伟'],
    ['  张伟  ', '张伟'],
    ['张　伟', '张 伟'], // ideographic space becomes one ASCII space
    ['ＬＩ　Ｌｅｉ ', 'li lei'], // full-width letters fold to ASCII
    ['Li \t  Lei', 'li lei'],
    ['María José', 'maría josé'],
    ['Mari\u0301a', 'maría'], // combining accent composes under NFKC
  ])('%j normalises to %j', (input, expected) => {
    expect(normaliseHolderName(input)).toBe(expected)
  })

  test('names that normalise alike hash alike, others do not', () => {
    expect(hashHolderName('ＬＩ　Ｌｅｉ')).toBe(hashHolderName('li lei'))
    expect(hashHolderName('张伟')).not.toBe(hashHolderName('张玮'))
    expect(hashHolderName('张伟')).toMatch(/^[0-9a-f]{32}$/)
  })
})

describe('createCertificateCode and verifyCertificateCode', () => {
  test('round-trips the payload with a version prefix in URL-safe characters', () => {
    const code = createCertificateCode(keys.privateKey, payload)
    expect(code.startsWith(CERTIFICATE_CODE_PREFIX)).toBe(true)
    expect(code).toMatch(/^C1\.[A-Za-z0-9_-]+$/)
    expect(verifyCertificateCode(keys.publicKey, code)).toEqual({ version: 1, ...payload })
  })

  test.each([
    [0, '1970-01-01'],
    [25, '2026-01-01'],
    [0.25, '2030-12-31'],
    [99.99, '2099-02-28'],
  ])('carries %d credits issued on %s', (credits, issuedOn) => {
    const code = createCertificateCode(keys.privateKey, { ...payload, credits, issuedOn })
    expect(verifyCertificateCode(keys.publicKey, code)).toMatchObject({ credits, issuedOn })
  })

  test('the same payload always gives the same code (Ed25519 is deterministic)', () => {
    expect(createCertificateCode(keys.privateKey, payload)).toBe(createCertificateCode(keys.privateKey, payload))
  })

  test('is short enough for a comfortable QR code', () => {
    expect(createCertificateCode(keys.privateKey, payload).length).toBeLessThan(160)
  })

  test('changing any single character of the code makes it invalid', () => {
    const code = createCertificateCode(keys.privateKey, payload)
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'
    for (let i = 0; i < code.length; i++) {
      for (const replacement of [alphabet[(alphabet.indexOf(code[i]!) + 1) % alphabet.length]!, alphabet[(alphabet.indexOf(code[i]!) + 17) % alphabet.length]!]) {
        const tampered = code.slice(0, i) + replacement + code.slice(i + 1)
        expect(verifyCertificateCode(keys.publicKey, tampered), `position ${i} → ${replacement}`).toBeNull()
      }
    }
  })

  test('flipping any single bit of the signed bytes makes it invalid', () => {
    const code = createCertificateCode(keys.privateKey, payload)
    const raw = Buffer.from(code.slice(3), 'base64url')
    for (let byte = 0; byte < raw.length; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        const copy = Buffer.from(raw)
        copy[byte]! ^= 1 << bit
        expect(verifyCertificateCode(keys.publicKey, 'C1.' + copy.toString('base64url'))).toBeNull()
      }
    }
  })

  test.each([
    ['empty', ''],
    ['no prefix', 'abc'],
    ['prefix only', 'C1.'],
    ['unknown version', 'C2.AAAA'],
    ['padding', 'C1.AAAA=='],
    ['non-url alphabet', 'C1.AA+/'],
    ['too short for a signature', 'C1.' + Buffer.alloc(40).toString('base64url')],
    ['huge', 'C1.' + 'A'.repeat(5000)],
  ])('rejects a malformed code (%s) without throwing', (_label, code) => {
    expect(verifyCertificateCode(keys.publicKey, code)).toBeNull()
  })

  test('rejects a code signed with another key', () => {
    const code = createCertificateCode(otherKeys.privateKey, payload)
    expect(verifyCertificateCode(keys.publicKey, code)).toBeNull()
  })

  test('rejects a truncated or extended code', () => {
    const code = createCertificateCode(keys.privateKey, payload)
    expect(verifyCertificateCode(keys.publicKey, code.slice(0, -1))).toBeNull()
    expect(verifyCertificateCode(keys.publicKey, code + 'A')).toBeNull()
  })

  test.each([
    ['negative credits', { credits: -1 }],
    ['three decimals', { credits: 1.234 }],
    ['impossible day', { issuedOn: '2026-02-30' }],
    ['time instead of day', { issuedOn: '2026-02-01T00:00:00Z' }],
    ['empty id', { certificateId: '' }],
    ['bad hash', { nameHash: 'xyz' }],
  ])('refuses to sign %s', (_label, change) => {
    expect(() => createCertificateCode(keys.privateKey, { ...payload, ...change })).toThrow(RangeError)
  })

  test('nameMatches checks a presented name against the signed hash', () => {
    const verified = verifyCertificateCode(keys.publicKey, createCertificateCode(keys.privateKey, payload))!
    expect(nameMatches(verified, ' 张伟 ')).toBe(true)
    expect(nameMatches(verified, '李娜')).toBe(false)
  })
})
