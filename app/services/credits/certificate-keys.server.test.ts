import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { createCertificateCode, hashHolderName } from '~/domain/certificate-code.ts'
import { parseRetiredPublicKeys, parseSigningKey, publishedPublicKey } from './certificate-keys.server.ts'

const { privateKey } = generateKeyPairSync('ed25519')
const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
const der = (privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString('base64')

describe('parseSigningKey', () => {
  test('reads a PKCS8 PEM and the base64 of its DER alike', () => {
    const a = publishedPublicKey(parseSigningKey(pem).publicKey)
    const b = publishedPublicKey(parseSigningKey(der).publicKey)
    expect(a).toEqual(b)
    expect(a.pem).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    expect(a.jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' })
  })

  test('refuses a key that is not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
    expect(() => parseSigningKey(rsa)).toThrow(/Ed25519/)
  })
})

describe('parseRetiredPublicKeys', () => {
  const a = generateKeyPairSync('ed25519').publicKey
  const b = generateKeyPairSync('ed25519').publicKey
  const pemOf = (k: typeof a) => k.export({ format: 'pem', type: 'spki' }).toString()
  const b64Of = (k: typeof a) => (k.export({ format: 'der', type: 'spki' }) as Buffer).toString('base64')
  test.each([
    ['nothing', '', 0],
    ['two PEM blocks', pemOf(a) + pemOf(b), 2],
    ['base64 DER, comma separated', `${b64Of(a)}, ${b64Of(b)}`, 2],
    ['a PEM block and a base64 key', `${pemOf(a)}\n${b64Of(b)}`, 2],
  ])('reads %s', (_name, text, count) => {
    const keys = parseRetiredPublicKeys(text)
    expect(keys).toHaveLength(count)
    if (count) expect(publishedPublicKey(keys[0]!).jwk.x).toBe(publishedPublicKey(a).jwk.x)
  })
  test('refuses a key that is not Ed25519, or garbage', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }).toString()
    expect(() => parseRetiredPublicKeys(rsa)).toThrow(/Ed25519/)
    expect(() => parseRetiredPublicKeys('not-a-key')).toThrow()
  })
})

describe('scripts/verify-certificate-offline.mjs (the documented offline check)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'offline-'))
  const keyFile = path.join(dir, 'issuer.pem')
  writeFileSync(keyFile, publishedPublicKey(parseSigningKey(pem).publicKey).pem)
  const code = createCertificateCode(privateKey, { certificateId: 'cabcdefghijklmnopqrst', credits: 4, issuedOn: '2026-04-20', nameHash: hashHolderName('陈静') })
  const run = (...args: string[]) => {
    try {
      return { status: 0, out: execFileSync(process.execPath, ['scripts/verify-certificate-offline.mjs', keyFile, ...args], { encoding: 'utf8' }) }
    } catch (error) {
      const e = error as { status: number; stdout: string }
      return { status: e.status, out: e.stdout }
    }
  }

  test('accepts a genuine code from its verify URL and matches the holder name', () => {
    const result = run(`https://cme.example.org/verify/${code}`, ' 陈静 ')
    expect(result.status).toBe(0)
    expect(result.out).toContain('"credits": 4')
    expect(result.out).toContain('"issuedOn": "2026-04-20"')
    expect(result.out).toContain('name matches')
  })

  test('accepts a code signed by a key rotated out, when the file holds that key too', () => {
    const next = generateKeyPairSync('ed25519')
    const both = path.join(dir, 'issuer-rotated.pem')
    writeFileSync(both, publishedPublicKey(next.publicKey).pem + publishedPublicKey(parseSigningKey(pem).publicKey).pem)
    const status = (file: string) => {
      try {
        execFileSync(process.execPath, ['scripts/verify-certificate-offline.mjs', file, code], { encoding: 'utf8' })
        return 0
      } catch (error) {
        return (error as { status: number }).status
      }
    }
    expect(status(both)).toBe(0)
    const onlyNext = path.join(dir, 'issuer-next.pem')
    writeFileSync(onlyNext, publishedPublicKey(next.publicKey).pem)
    expect(status(onlyNext)).toBe(1)
  })

  test('rejects a wrong name and a tampered code', () => {
    expect(run(code, '陈晶').status).toBe(1)
    const tampered = code.slice(0, 20) + (code[20] === 'A' ? 'B' : 'A') + code.slice(21)
    expect(run(tampered)).toMatchObject({ status: 1, out: expect.stringContaining('NOT a valid certificate') })
  })

  test('with --number, checks that the printed number belongs to the signed certificate (tolerant of case, spaces, look-alikes)', () => {
    const ok = run(code, '陈静', '--number', 'CABC-DEFG-HIJK-LMNO-PQRS-T')
    expect(ok.status).toBe(0)
    expect(ok.out).toContain('"certificateNumber": "CABCDEFGHIJKLMNOPQRST"')
    expect(ok.out).toContain('number matches: CABCDEFGHIJKLMNOPQRST')
    expect(run(code, '--number', 'cabcdefghijk1mn0pqrst').status).toBe(0) // l typed as 1, o as 0
    const other = run(code, '--number', 'CABCDEFGHIJKLMNOPQRSX')
    expect(other).toMatchObject({ status: 1, out: expect.stringContaining('number does NOT match') })
  })

  test('a number alone cannot be checked offline: it says so, and what it needs', () => {
    for (const args of [['--number', 'CABCDEFGHIJKLMNOPQRST'], ['CABCDEFGHIJKLMNOPQRST'], ['https://cme.example.org/verify/CABCDEFGHIJKLMNOPQRST']]) {
      const result = run(...args)
      expect(result.status).toBe(2)
      expect(result.out).toContain('CABCDEFGHIJKLMNOPQRST) cannot be checked offline')
      expect(result.out).toContain('QR code')
      expect(result.out).toContain('/verify')
    }
  })
})
