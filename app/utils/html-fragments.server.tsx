import type { ReactElement } from 'react'
import { renderToString } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import type { AppLocale } from '~/domain/locale.ts'
import { i18nFor } from '~/i18n/i18n.ts'
import { requestScope } from './request-scope.server.ts'

/**
 * Rendered HTML shared by every visitor of a page: the programme of an event (90 sessions,
 * ~7 ms of React render) is the same for everyone who reads it in one language, so it is
 * rendered once per event, language and data version and reused for every request, signed
 * in or not (docs/decisions/017F-programme-html-fragments.md). The personal parts of a page
 * stay React, rendered per request.
 *
 * A fragment travels to the browser in one of two ways:
 * - in a document request, inside the page's HTML only: the loader registers it for this
 *   request (`shipFragment`), entry.server.tsx hands it to the render, and the loader data
 *   carries its key with `html: null`; the browser takes the markup from the page it hydrates
 *   (app/components/html-fragment.tsx), so it is never sent twice;
 * - in a client navigation (a `.data` request), as a string in the loader data.
 */
export type Fragment = { key: string; html: string | null }

const MAX_ENTRIES = 300
const lru = new Map<string, unknown>()

/**
 * The value built for this key, or a new one (kept, least recently used dropped beyond
 * MAX_ENTRIES). Keys name their data version, so an entry is never stale, only unused.
 */
export function cachedFragments<T>(key: string, build: () => T): T {
  if (lru.has(key)) {
    const value = lru.get(key) as T
    lru.delete(key)
    lru.set(key, value)
    return value
  }
  const value = build()
  lru.set(key, value)
  if (lru.size > MAX_ENTRIES) lru.delete(lru.keys().next().value!)
  return value
}

/** Drops every rendered fragment of this node (tests; a deploy starts empty anyway). */
export function clearFragments() {
  lru.clear()
  encoded.clear()
}

/** Static markup of a component tree in one language, as the page's own render would write it. */
export function renderFragment(locale: AppLocale, element: ReactElement): string {
  return renderToString(<I18nextProvider i18n={i18nFor(locale)}>{element}</I18nextProvider>)
}

const DOCUMENT_FRAGMENTS = 'documentFragments'

/**
 * The fragment as the loader data should carry it: without its HTML when this request renders
 * a document (the render gets the HTML from `fragmentsOfDocument`), with it otherwise (a client
 * navigation's `.data` request, or a loader called outside a request scope).
 */
export function shipFragment(key: string, html: string): Fragment {
  const scope = requestScope()
  if (!scope?.document) return { key, html }
  let kept = scope.memo.get(DOCUMENT_FRAGMENTS) as Map<string, string> | undefined
  if (!kept) scope.memo.set(DOCUMENT_FRAGMENTS, (kept = new Map()))
  kept.set(key, html)
  return { key, html: null }
}

const encoded = new Map<string, { html: string; bytes: Buffer }>()

/**
 * A fragment's UTF-8 bytes, encoded once per fragment (the same bound as the markup's cache):
 * entry.server.tsx puts them into the document's byte stream in place of a marker.
 */
export function encodedFragment(key: string, html: string): Buffer {
  const hit = encoded.get(key)
  if (hit && hit.html === html) return hit.bytes
  const bytes = Buffer.from(html, 'utf8')
  encoded.delete(key)
  encoded.set(key, { html, bytes })
  if (encoded.size > MAX_ENTRIES * 4) encoded.delete(encoded.keys().next().value!)
  return bytes
}

/** The fragments this document's loaders left out of their data, for entry.server.tsx to render. */
export function fragmentsOfDocument(): ReadonlyMap<string, string> | undefined {
  return requestScope()?.memo.get(DOCUMENT_FRAGMENTS) as Map<string, string> | undefined
}
