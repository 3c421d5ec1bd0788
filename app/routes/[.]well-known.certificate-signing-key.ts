import type { LoaderFunctionArgs } from '@remix-run/node'
import { getCertificateKeys, publishedPublicKey } from '~/utils/certificate-keys.server.ts'

/**
 * The public key that verifies certificate codes (docs/certificate-verification.md):
 * PEM (SPKI) by default; a JWK set with `?format=jwk` or `Accept: application/json`.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { pem, jwk } = publishedPublicKey(getCertificateKeys().publicKey)
  const url = new URL(request.url)
  const wantsJwk = url.searchParams.get('format') === 'jwk' || (request.headers.get('accept') ?? '').includes('application/json')
  const headers = { 'Cache-Control': 'public, max-age=3600', 'Access-Control-Allow-Origin': '*' }
  if (wantsJwk) return Response.json({ keys: [jwk] }, { headers })
  return new Response(pem, { headers: { ...headers, 'Content-Type': 'application/x-pem-file; charset=utf-8' } })
}
