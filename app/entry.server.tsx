import type { AppLoadContext, EntryContext, HandleErrorFunction } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { isRouteErrorResponse, RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { DocumentFragmentsProvider } from '~/components/html-fragment.tsx'
import { NonceProvider } from '~/components/nonce-provider.tsx'
import { isAppError } from '~/utils/app-error.ts'
import { encodedFragment, fragmentsOfDocument } from '~/utils/html-fragments.server.tsx'
import { logger } from '~/utils/logger.server.ts'
import { createNonce, documentSecurityPolicy } from '~/utils/security-headers.server.ts'
import { fragmentMarker, stripNulBytes } from '~/utils/strip-nul.server.ts'

export const streamTimeout = 5_000

/**
 * A refusal's status (a 4xx, or a guard's redirect to log in): an AppError below 500, a thrown
 * Response or `data()`, or Remix's own error response (no such route, method not allowed).
 * Undefined for anything else: a fault.
 */
function refusalStatus(error: unknown): number | undefined {
  let status: number | undefined
  if (isAppError(error)) status = error.status
  else if (error instanceof Response || isRouteErrorResponse(error)) status = error.status
  else if (typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'DataWithResponseInit') status = (error as { init?: { status?: number } }).init?.status
  return status !== undefined && status < 500 ? status : undefined
}

/** A guard's or a use case's refusal is the client's doing and is logged at info; only faults at error. */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return
  const where = { method: request.method, path: new URL(request.url).pathname }
  const status = refusalStatus(error)
  if (status !== undefined) logger.info({ ...where, status, code: isAppError(error) ? error.code : undefined }, 'request refused')
  else logger.error({ err: error, ...where }, 'unhandled route error')
}

export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, _loadContext: AppLoadContext) {
  const readyEvent = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady'
  // Every inline script of the page carries this nonce, and only they may run (app/utils/security-headers.server.ts).
  const nonce = createNonce()
  // Shared markup the loaders left out of their data is in this HTML once: React writes a
  // marker for each, and the byte stream puts in its bytes, encoded once per fragment.
  const fragments: Buffer[] = []
  const markers = new Map<string, string>()
  for (const [key, html] of fragmentsOfDocument() ?? []) {
    markers.set(key, fragmentMarker(fragments.length))
    fragments.push(encodedFragment(key, html))
  }
  return new Promise((resolve, reject) => {
    let shellRendered = false
    const app = (
      <NonceProvider value={nonce}>
        <DocumentFragmentsProvider value={markers.size > 0 ? markers : undefined}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </DocumentFragmentsProvider>
      </NonceProvider>
    )
    const { pipe, abort } = renderToPipeableStream(app, {
      nonce,
      [readyEvent]() {
        shellRendered = true
        const body = stripNulBytes({ fragments })
        responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
        responseHeaders.set('Content-Security-Policy', documentSecurityPolicy(nonce, request.url))
        resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }))
        pipe(body)
      },
      onShellError(error: unknown) {
        reject(error)
      },
      onError(error: unknown) {
        responseStatusCode = 500
        if (shellRendered) logger.error({ err: error }, 'render error')
      },
    })
    setTimeout(abort, streamTimeout + 1000)
  })
}
