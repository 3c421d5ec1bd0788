import type { LoaderFunctionArgs } from '@remix-run/node'
import { getCertificateKeys, publishedPublicKey } from '~/services/credits/certificate-keys.server.ts'

/**
 * The public keys that verify certificate codes (docs/certificate-verification.md): the
 * current key, then any rotated out, as PEM (SPKI) blocks by default, or as a JWK set with
 * `?format=jwk` or `Accept: application/json`. A code is genuine if one of them verifies it.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const keys = getCertificateKeys()
  const published = [keys.publicKey, ...(keys.retiredPublicKeys ?? [])].map(publishedPublicKey)
  const url = new URL(request.url)
  const wantsJwk = url.searchParams.get('format') === 'jwk' || (request.headers.get('accept') ?? '').includes('application/json')
  const headers = { 'Cache-Control': 'public, max-age=3600', 'Access-Control-Allow-Origin': '*' }
  if (wantsJwk) return Response.json({ keys: published.map((p) => p.jwk) }, { headers })
  return new Response(published.map((p) => p.pem).join(''), { headers: { ...headers, 'Content-Type': 'application/x-pem-file; charset=utf-8' } })
}
