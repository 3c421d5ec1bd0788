#!/usr/bin/env node
// Checks a certificate code offline, with nothing but Node.js and the issuer's public key.
// Usage: node scripts/verify-certificate-offline.mjs <public-keys.pem> <code-or-verify-URL> ["Holder Name"]
// (the .pem as /.well-known/certificate-signing-key serves it: one or more PUBLIC KEY blocks)
// See docs/certificate-verification.md. Exit code 0: signature valid; 1: not a valid certificate.
import { createHash, createPublicKey, verify } from 'node:crypto'
import { readFileSync } from 'node:fs'

const [keyFile, input, name] = process.argv.slice(2)
if (!keyFile || !input) {
  console.error('usage: verify-certificate-offline.mjs <public-key.pem> <code-or-verify-URL> ["Holder Name"]')
  process.exit(2)
}
const code = input.includes('/verify/') ? decodeURIComponent(input.split('/verify/')[1]) : input
const fail = (why) => {
  console.log(`NOT a valid certificate: ${why}`)
  process.exit(1)
}
if (!code.startsWith('C1.')) fail('unknown version prefix')
const body = code.slice(3)
const raw = Buffer.from(body, 'base64url')
if (raw.toString('base64url') !== body) fail('not canonical base64url')
if (raw.length <= 64) fail('too short')
const payload = raw.subarray(0, raw.length - 64)
const signature = raw.subarray(raw.length - 64)
// The file may hold several keys (the current one and keys rotated out): any may verify.
const pems = readFileSync(keyFile, 'utf8').match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? []
if (pems.length === 0) fail(`no public key in ${keyFile}`)
if (!pems.some((pem) => verify(null, payload, createPublicKey(pem), signature))) fail('signature does not verify')
if (payload[0] !== 1) fail(`unknown payload version ${payload[0]}`)
const idLength = payload[1]
if (payload.length !== 2 + idLength + 4 + 4 + 16) fail('payload has the wrong length')
const certificateId = payload.subarray(2, 2 + idLength).toString('utf8')
const credits = payload.readUInt32BE(2 + idLength) / 100
const issuedOn = new Date(payload.readUInt32BE(6 + idLength) * 86_400_000).toISOString().slice(0, 10)
const nameHash = payload.subarray(10 + idLength).toString('hex')
console.log(JSON.stringify({ valid: true, certificateId, credits, issuedOn, nameHash }, null, 2))
if (name) {
  const normalised = name.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase()
  const hash = createHash('sha256').update(normalised, 'utf8').digest().subarray(0, 16).toString('hex')
  console.log(hash === nameHash ? `name matches: "${name}"` : `name does NOT match: "${name}"`)
  if (hash !== nameHash) process.exit(1)
}
