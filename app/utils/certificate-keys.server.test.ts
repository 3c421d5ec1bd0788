import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { createCertificateCode, hashHolderName } from '~/domain/certificate-code.ts'
import { parseSigningKey, publishedPublicKey } from './certificate-keys.server.ts'

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

  test('rejects a wrong name and a tampered code', () => {
    expect(run(code, '陈晶').status).toBe(1)
    const tampered = code.slice(0, 20) + (code[20] === 'A' ? 'B' : 'A') + code.slice(21)
    expect(run(tampered)).toMatchObject({ status: 1, out: expect.stringContaining('NOT a valid certificate') })
  })
})
