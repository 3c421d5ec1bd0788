#!/usr/bin/env node
// Checks a certificate offline, with nothing but Node.js and the issuer's public key.
//
// Usage:
//   node scripts/verify-certificate-offline.mjs <public-keys.pem> <QR-code-or-verify-URL> ["Holder Name"] [--number <printed no.>]
//   node scripts/verify-certificate-offline.mjs <public-keys.pem> --number <printed no.>
//
// The .pem is what /.well-known/certificate-signing-key serves: one or more PUBLIC KEY blocks.
// The QR code's text ("C1.…", or the URL /verify/C1.…) is a signed statement: it is checked here.
// The printed certificate number (证书编号) carries no signature, so on its own it cannot be
// checked offline; given with the QR code, the script checks that the two belong together.
// See docs/certificate-verification.md.
// Exit code 0: valid (and the name and number match, when given); 1: not valid or no match;
// 2: wrong usage, or nothing that can be checked offline.
import { createHash, createPublicKey, verify } from 'node:crypto'
import { readFileSync } from 'node:fs'

const USAGE = `usage: verify-certificate-offline.mjs <public-keys.pem> <QR-code-or-verify-URL> ["Holder Name"] [--number <printed no.>]`
const args = process.argv.slice(2)
let number = null
const at = args.indexOf('--number')
if (at >= 0) {
  number = args[at + 1] ?? null
  args.splice(at, 2)
  if (!number) usage('--number needs the number printed on the certificate')
}
const [keyFile, input, name] = args

function usage(why) {
  console.error(why ? `${why}\n${USAGE}` : USAGE)
  process.exit(2)
}

/** The text after /verify/ in a URL, else the input itself. */
const afterVerify = (text) => (text.includes('/verify/') ? decodeURIComponent(text.split('/verify/')[1].split(/[?#]/)[0]) : text)
/** A printed number as typed: NFKC, separators gone, lower-case (app/domain/certificate-number.ts). */
const readNumber = (text) => {
  const typed = afterVerify(text.normalize('NFKC').trim())
    .replace(/[\s\-‐‑‒–—―−－_.·・/]+/gu, '')
    .toLowerCase()
  return /^[0-9a-z]{8,64}$/.test(typed) ? typed : null
}
/** One spelling per look-alike group: 0/o → 0, 1/i/l → 1. */
const fold = (id) => id.replace(/[o]/g, '0').replace(/[il]/g, '1')

if (!keyFile) usage()
const code = input ? afterVerify(input.trim()) : null
if (!code || !code.startsWith('C1.')) {
  // No QR code: a number (or something else) alone.
  const given = number ?? input
  if (given && readNumber(given)) {
    console.log(
      [
        `A certificate number (${readNumber(given).toUpperCase()}) cannot be checked offline: it is not signed.`,
        'To check offline, give the text of the QR code on the certificate (it starts with "C1.", or is a URL ending in /verify/C1.…);',
        'with it, --number checks that the printed number belongs to the same certificate.',
        'To check the number itself, with its current status, use the issuer’s page /verify with the holder’s name.',
      ].join('\n'),
    )
    process.exit(2)
  }
  usage(given ? `neither a QR code (C1.…) nor a certificate number: ${given}` : 'give the QR code (C1.…) or the verify URL')
}

const fail = (why) => {
  console.log(`NOT a valid certificate: ${why}`)
  process.exit(1)
}
const body = code.slice(3)
const raw = Buffer.from(body, 'base64url')
if (!/^[A-Za-z0-9_-]+$/.test(body) || raw.toString('base64url') !== body) fail('not canonical base64url')
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
console.log(JSON.stringify({ valid: true, certificateNumber: certificateId.toUpperCase(), certificateId, credits, issuedOn, nameHash }, null, 2))
let ok = true
if (name) {
  const normalised = name.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase()
  const hash = createHash('sha256').update(normalised, 'utf8').digest().subarray(0, 16).toString('hex')
  console.log(hash === nameHash ? `name matches: "${name}"` : `name does NOT match: "${name}" (the full name as on the certificate is needed offline)`)
  ok &&= hash === nameHash
}
if (number) {
  const typed = readNumber(number)
  const same = typed !== null && fold(typed) === fold(certificateId.toLowerCase())
  console.log(same ? `number matches: ${certificateId.toUpperCase()}` : `number does NOT match: "${number}" is not this certificate's number (${certificateId.toUpperCase()})`)
  ok &&= same
}
if (!ok) process.exit(1)
