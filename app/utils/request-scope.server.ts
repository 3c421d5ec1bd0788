import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * What one HTTP request's loaders and its render share. Remix gives each loader a Request of
 * its own (a copy), so nothing keyed by the Request object reaches from the root loader to the
 * page's, or to entry.server.tsx; the request handler (./remix-request-handler.server.ts) runs
 * the whole request in this scope instead. Outside it (tests calling a loader), `requestScope()`
 * is undefined and callers do without.
 */
export type RequestScope = {
  /** A GET or HEAD that renders a document (not a `.data` request of a client navigation). */
  document: boolean
  /** GET or HEAD: no action runs, so what the loaders read cannot change under them. */
  readOnly: boolean
  /** Values computed once per request (the signed-in user, the fragments the document renders). */
  memo: Map<string, unknown>
}

// On globalThis: server.ts runs this module from the sources, the built app its own bundled copy.
const shared = globalThis as unknown as { __cmeRequestScope?: AsyncLocalStorage<RequestScope> }
const storage = (shared.__cmeRequestScope ??= new AsyncLocalStorage<RequestScope>())

export function runInRequestScope<T>(scope: Omit<RequestScope, 'memo'>, fn: () => T): T {
  return storage.run({ ...scope, memo: new Map() }, fn)
}

export function requestScope(): RequestScope | undefined {
  return storage.getStore()
}
