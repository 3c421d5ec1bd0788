import type { IncomingHttpHeaders } from 'node:http'
import { createReadableStreamFromReadable, createRequestHandler as createRemixHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from '@remix-run/node'
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express'
import { bufferedBodyOf } from './body-limit.server.ts'
import { runInRequestScope } from './request-scope.server.ts'

/**
 * @remix-run/express's request handler, except where the body comes from. Theirs streams the
 * socket straight into the Fetch Request, so a limit checked anywhere else would not bound what
 * Remix reads. Ours hands Remix the body `guardRequestBodies` already read within the route's
 * limit (./body-limit.server.ts); only a request that middleware did not see (none in server.ts)
 * falls back to the stream. The URL, headers, abort signal and response writing are theirs
 * (@remix-run/express 2.17.5, server.js; its helpers are not exported).
 */
export function createRequestHandler(options: {
  build: ServerBuild | (() => ServerBuild | Promise<ServerBuild>)
  mode?: string
  getLoadContext?: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext | Promise<AppLoadContext>
}) {
  const handleRequest = createRemixHandler(options.build, options.mode)
  return async function remixHandler(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
    try {
      const request = createRemixRequest(req, res)
      const loadContext = await options.getLoadContext?.(req, res)
      // The loaders and the render of one request share a scope (./request-scope.server.ts): one
      // user look-up, and a page's shared markup sent once, in its HTML (./html-fragments.server.tsx).
      const readOnly = req.method === 'GET' || req.method === 'HEAD'
      const response = await runInRequestScope({ readOnly, document: readOnly && !req.path.endsWith('.data') }, () => handleRequest(request, loadContext))
      await sendRemixResponse(res, response)
    } catch (error) {
      next(error)
    }
  }
}

/** As @remix-run/express builds it (v2.17.5, createRemixRequest), with the buffered body. */
function createRemixRequest(req: ExpressRequest, res: ExpressResponse): Request {
  // req.hostname has no port: take it from X-Forwarded-Host or Host.
  const [, forwardedPort] = req.get('X-Forwarded-Host')?.split(':') ?? []
  const [, hostPort] = req.get('host')?.split(':') ?? []
  const forwarded = Number.parseInt(forwardedPort ?? '', 10)
  const direct = Number.parseInt(hostPort ?? '', 10)
  const port = Number.isSafeInteger(forwarded) ? forwarded : Number.isSafeInteger(direct) ? direct : ''
  // req.hostname respects "trust proxy"; originalUrl keeps the full path.
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`)

  let controller: AbortController | null = new AbortController()
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers: createRemixHeaders(req.headers), signal: controller.signal }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const body = bufferedBodyOf(req)
    if (body) init.body = new Uint8Array(body)
    else {
      init.body = createReadableStreamFromReadable(req)
      init.duplex = 'half'
    }
  }
  // Abort loaders and actions once no response can be written (`close` without `finish`).
  res.on('finish', () => (controller = null))
  res.on('close', () => controller?.abort())
  return new Request(url.href, init)
}

function createRemixHeaders(requestHeaders: IncomingHttpHeaders): Headers {
  const headers = new Headers()
  for (const [key, values] of Object.entries(requestHeaders)) {
    if (!values) continue
    if (Array.isArray(values)) for (const value of values) headers.append(key, value)
    else headers.set(key, values)
  }
  return headers
}

async function sendRemixResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText
  res.status(response.status)
  for (const [key, value] of response.headers.entries()) res.append(key, value)
  if (/text\/event-stream/i.test(response.headers.get('Content-Type') ?? '')) res.flushHeaders()
  if (response.body) await writeReadableStreamToWritable(response.body, res)
  else res.end()
}

/**
 * A resource route's loader called straight, without Remix's request handling around it: no
 * route matching (Remix flattens and ranks its whole route table on every request, twice, about
 * 1 ms of CPU here), no single-fetch wrapping. For the few JSON endpoints a crowd calls at once
 * (the live page's personal request as a forum starts: issue 16). The loader is the route
 * module's own, so it answers exactly as through Remix; it must return a Response (a JSON
 * route does, and small enough to hold whole), and a fault it throws goes to the error handler as
 * Remix's would.
 */
export function createDirectLoaderHandler(build: ServerBuild, routeId: string) {
  const loader = build.routes[routeId]?.module.loader
  if (!loader) throw new Error(`No loader in the build's route ${routeId}`)
  return async function directLoader(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next()
    try {
      const request = createRemixRequest(req, res)
      const response = await runInRequestScope({ readOnly: true, document: false }, () => loader({ request, params: {}, context: {} }))
      if (!(response instanceof Response)) throw new Error(`${routeId}'s loader did not return a Response`)
      // A JSON answer of a few hundred bytes: read whole and sent with its length in one write
      // (streamed, it would leave as headers and body, then the chunked encoding's end).
      const body = Buffer.from(await response.arrayBuffer())
      res.status(response.status)
      for (const [key, value] of response.headers.entries()) res.append(key, value)
      res.setHeader('Content-Length', body.length)
      res.end(req.method === 'HEAD' ? undefined : body)
    } catch (error) {
      next(error)
    }
  }
}
