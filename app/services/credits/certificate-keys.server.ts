import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { getEnv } from '~/utils/env.server.ts'
import { logger } from '~/utils/logger.server.ts'

/**
 * The key that signs new certificates, and the public keys of keys it replaced: codes signed
 * by a retired key still verify, so rotating the key never invalidates an archived event's
 * certificates.
 */
export type CertificateKeys = { privateKey: KeyObject; publicKey: KeyObject; retiredPublicKeys?: KeyObject[] }

let cached: CertificateKeys | undefined

/** Parses an Ed25519 private key given as PKCS8 PEM or as base64 of the PKCS8 DER. Throws on anything else. */
export function parseSigningKey(text: string): CertificateKeys {
  const trimmed = text.trim()
  const privateKey = trimmed.includes('-----BEGIN') ? createPrivateKey({ key: trimmed, format: 'pem' }) : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' })
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('CERTIFICATE_SIGNING_KEY must be an Ed25519 key')
  return { privateKey, publicKey: createPublicKey(privateKey) }
}

/**
 * The certificate signing key pair: CERTIFICATE_SIGNING_KEY when set (the app server resolves a
 * key generated once under the data folder otherwise, like SESSION_SECRET). A process without
 * either (a test) signs with a key of its own, which it says in the log.
 */
export function getCertificateKeys(): CertificateKeys {
  if (cached) return cached
  const configured = getEnv().CERTIFICATE_SIGNING_KEY
  if (configured) {
    cached = { ...parseSigningKey(configured), retiredPublicKeys: parseRetiredPublicKeys(getEnv().CERTIFICATE_RETIRED_PUBLIC_KEYS ?? '') }
  } else {
    logger.warn('CERTIFICATE_SIGNING_KEY is not set; certificates are signed with a key that lives only in this process')
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    cached = { privateKey, publicKey }
  }
  return cached
}

/**
 * Retired verification keys: SPKI PEM blocks, or base64 of the SPKI DER separated by commas or
 * white space. Each must be Ed25519. Throws on anything else, so a typo stops the start-up.
 */
export function parseRetiredPublicKeys(text: string): KeyObject[] {
  const pems = text.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? []
  const rest = text
    .replace(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g, ' ')
    .split(/[\s,]+/)
    .filter(Boolean)
  const keys = [...pems.map((pem) => createPublicKey({ key: pem, format: 'pem' })), ...rest.map((b64) => createPublicKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'spki' }))]
  for (const key of keys) if (key.asymmetricKeyType !== 'ed25519') throw new Error('CERTIFICATE_RETIRED_PUBLIC_KEYS must hold Ed25519 public keys')
  return keys
}

/** The public key as PEM (SPKI) and as a JWK (RFC 8037 OKP), with a key id derived from it. */
export function publishedPublicKey(publicKey: KeyObject) {
  const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString()
  const jwk = publicKey.export({ format: 'jwk' }) as { kty: string; crv: string; x: string }
  return { pem, jwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, use: 'sig', alg: 'EdDSA', kid: jwk.x.slice(0, 16) } }
}
